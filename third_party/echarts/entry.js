// entry.js lists the parts of Apache ECharts that rollout's reports use; fetch.sh
// bundles it with esbuild into echarts.report.min.js, which exposes the same
// global `echarts` (init, getInstanceByDom, format, time, …) as the full build.
// A chart type or component missing here is silently ignored by ECharts, so the
// browser tests (reports/browser_test.go) draw every kind of chart with this bundle.
import { use } from 'echarts/core';
import { LineChart, BarChart, CustomChart } from 'echarts/charts';
import {
  GridComponent, TooltipComponent, AxisPointerComponent, LegendComponent,
  DataZoomComponent, ToolboxComponent, TitleComponent, DatasetComponent,
  MarkLineComponent, MarkAreaComponent
} from 'echarts/components';
import { LabelLayout } from 'echarts/features';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

use([LineChart, BarChart, CustomChart,
  GridComponent, TooltipComponent, AxisPointerComponent, LegendComponent,
  DataZoomComponent, ToolboxComponent, TitleComponent, DatasetComponent,
  MarkLineComponent, MarkAreaComponent, LabelLayout, CanvasRenderer, SVGRenderer]);

export * from 'echarts/core';
