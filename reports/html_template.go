package reports

import "html/template"

// htmlHeadScript marks <html class="js"> before the body is drawn, so that the
// page's CSS can tell whether scripts run: where they are blocked (mail previews,
// document portals, a browser with JavaScript off) the class never appears, the
// empty chart boxes are hidden and each chart's data table and a notice are shown.
const htmlHeadScript = `document.documentElement.classList.add("js");`

// htmlScript makes the charts interactive. It reads the options from the JSON data block,
// attaches the tooltip formatters (which escape every name with
// echarts.format.encodeHTML: ECharts renders tooltips as HTML), the error-bar
// renderer and the axis label formatters (dates with the year, durations in the unit
// that reads). It is a constant, so its CSP hash is fixed; no code comes from the data.
//
// Every chart arrives drawn: the page carries a static SVG picture of it, written
// by Go from the same option (staticChartSVG), so the report is complete at its
// first paint and where scripts are blocked. ECharts (inlined in a non-executable
// block, so that opening the report does not pay for evaluating it) takes over a
// chart when the reader points at it or touches it: the library is evaluated then,
// once, and the picture gives way to the interactive chart (tooltips, zoom, legend).
// A chart without a picture (an option the Go renderer does not draw) is drawn by
// ECharts when it comes within 200 px of the window (IntersectionObserver), then the
// others one per task (drawRest). <html data-charts-ready="N"> and
// window.__reportReadyMs mark when the charts of the first view are drawn (N of them,
// pictures or interactive); <html data-charts-all="N"> and window.__reportAllDrawnMs
// when every chart is; data-charts-drawn counts them. window.__report.drawAll()
// makes every chart interactive at once and returns how many are.
//
// Paper (print and PNG export): before printing, and when the PNG export asks
// (window.__report.paper), every chart is drawn again as SVG at a fixed width into
// its figure's .print-charts box, without the toolbox, the zoom slider or the legend
// pager; a chart whose legend shows one line at a time (the links) becomes small
// multiples, one panel per line with every ordering in it (8 per block on paper,
// 1 per image for the export). The print stylesheet shows those instead of the
// screen charts.
const htmlScript = `(function () {
  "use strict";
  var times = {start: performance.now(), charts: {}};
  window.__reportTimes = times;
  function enc(v) { return echarts.format.encodeHTML(v); }
  // lib evaluates the inlined ECharts library the first time a chart needs it. The
  // page's Content Security Policy allows exactly that text by its hash.
  function lib() {
    if (window.echarts) return;
    var t0 = performance.now(), el = document.createElement("script");
    el.textContent = document.getElementById("echarts-lib").textContent;
    document.head.appendChild(el);
    times.lib = performance.now() - t0;
  }
  var dataText = document.getElementById("report-data").textContent;
  var data = JSON.parse(dataText);
  var specs = data.charts || [];
  var ordColors = data.orderingColors || ["#1f77b4", "#ff7f0e"];
  var byId = {};
  specs.forEach(function (s) { byId[s.id] = s; s.current = -1; });
  // pristine returns a fresh copy of a chart's option (the alternative on show).
  function pristine(s) {
    var c = JSON.parse(dataText).charts[specs.indexOf(s)];
    return s.current >= 0 && c.alternatives ? c.alternatives[s.current] : c.option;
  }
  function num(v) {
    if (v === null || v === undefined || typeof v !== "number" || !isFinite(v)) return "\u2013";
    var a = Math.abs(v), d = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
    return v.toLocaleString("en-US", {maximumFractionDigits: d});
  }
  // dur writes a duration given in hours in the unit that reads (as durationText).
  function dur(h) {
    var a = Math.abs(h);
    if (a < 1 / 60) return num(h * 3600) + " s";
    if (a < 1) return num(h * 60) + " min";
    if (a < 48) return num(h) + " h";
    return num(h / 24) + " d";
  }
  function unit(u) { return !u ? "" : u === "%" ? "%" : " " + enc(u); }
  function yOf(p) {
    var v = p.value;
    if (Array.isArray(v)) { var e = p.encode && p.encode.y; return v[e ? e[0] : 1]; }
    return v;
  }
  function list(ps) { return Array.isArray(ps) ? ps : [ps]; }
  var tips = {
    time: function (s) { return function (ps) {
      ps = list(ps);
      if (!ps.length) return "";
      var t = Array.isArray(ps[0].value) ? ps[0].value[0] : ps[0].axisValue;
      var h = "<b>" + enc(echarts.time.format(t, "{ee} {yyyy}-{MM}-{dd} {HH}:{mm} UTC", true)) + "</b>", last = -1;
      ps.forEach(function (p) {
        if (s.panels && s.panels.length > 1 && p.axisIndex !== last) {
          last = p.axisIndex;
          h += "<br><u>" + enc(String(s.panels[p.axisIndex] || "")) + "</u>";
        }
        h += "<br>" + p.marker + enc(p.seriesName) + ": " + num(yOf(p)) + unit(s.unit);
      });
      return h;
    }; },
    bars: function (s) { return function (ps) {
      ps = list(ps);
      if (!ps.length) return "";
      var h = "<b>" + enc(String(ps[0].axisValueLabel || ps[0].name || "")) + "</b>";
      ps.forEach(function (p) {
        if (p.seriesType === "custom") h += " (95% CI " + num(p.value[1]) + "\u2013" + num(p.value[2]) + ")";
        else h += "<br>" + p.marker + enc(p.seriesName) + ": " + num(p.value) + unit(s.unit);
      });
      return h;
    }; },
    cdf: function () { return function (p) {
      var hours = p.value.length > 2 ? p.value[2] : p.value[0];
      return p.marker + enc(p.seriesName) + "<br>" + num(p.value[1]) + "% of users within " + dur(hours);
    }; },
    sweep: function (s) { return function (p) {
      var labels = s.labels || [];
      if (p.seriesType === "custom") {
        return p.marker + enc(p.seriesName) + ": 95% CI " + num(p.value[1]) + "\u2013" + num(p.value[2]);
      }
      return p.marker + enc(p.seriesName) + " at " + enc(String(labels[p.value[2]] || p.value[0])) + ": " + num(p.value[1]);
    }; }
  };
  // errorBar draws a 95 % CI whisker: data [x, low, high, i, n, width] where bar i of
  // n, each width × the category band wide, sits off the category centre.
  function errorBar(params, api) {
    var x = api.value(0), lo = api.value(1), hi = api.value(2);
    var i = api.value(3), n = api.value(4), w = api.value(5);
    var band = w > 0 ? api.size([1, 0])[0] : 0;
    var off = w > 0 ? (i - (n - 1) / 2) * w * band : 0;
    var a = api.coord([x, lo]), b = api.coord([x, hi]);
    var cx = a[0] + off, cap = w > 0 ? Math.max(3, Math.min(8, w * band * 0.2)) : 5;
    var st = {stroke: api.visual("color"), lineWidth: 1.5};
    return {type: "group", children: [
      {type: "line", shape: {x1: cx, y1: a[1], x2: cx, y2: b[1]}, style: st},
      {type: "line", shape: {x1: cx - cap, y1: a[1], x2: cx + cap, y2: a[1]}, style: st},
      {type: "line", shape: {x1: cx - cap, y1: b[1], x2: cx + cap, y2: b[1]}, style: st}
    ]};
  }
  // dateFmt labels time axes by tick level, every date with its year.
  var dateFmt = {year: "{yyyy}", month: "{MMM} {yyyy}", day: "{d} {MMM} {yyyy}", hour: "{HH}:{mm}",
    minute: "{HH}:{mm}", second: "{HH}:{mm}:{ss}", millisecond: "{HH}:{mm}:{ss}", none: "{d} {MMM} {yyyy} {HH}:{mm}"};
  function prepare(s, o) {
    [].concat(o.xAxis || []).forEach(function (ax) {
      ax.axisLabel = ax.axisLabel || {};
      if (s.xHours) ax.axisLabel.formatter = dur;
      else if (ax.type === "time") ax.axisLabel.formatter = dateFmt;
    });
    o.tooltip = o.tooltip || {};
    o.tooltip.formatter = (tips[s.tooltip] || tips.bars)(s);
    o.tooltip.confine = true;
    (o.series || []).forEach(function (se) {
      if (se.type === "custom") { se.renderItem = errorBar; se.z = 5; } // whiskers above the bars
    });
    return o;
  }
  var inst = {};
  var shown = {}; // charts on show, as a picture or interactive
  var drawnCount = 0;
  function counted(s) {
    if (shown[s.id]) return;
    shown[s.id] = true;
    drawnCount++;
    document.documentElement.setAttribute("data-charts-drawn", String(drawnCount));
    if (drawnCount === specs.length && started) allDrawn();
  }
  // draw makes chart s interactive: its static picture gives way to ECharts.
  function draw(s) {
    if (!s || inst[s.id]) return;
    var el = document.getElementById(s.id);
    if (!el) return;
    lib();
    var t0 = performance.now();
    el.textContent = "";
    el.classList.remove("static");
    var ch = echarts.init(el, null, {renderer: "canvas"});
    ch.setOption(prepare(s, s.current >= 0 ? pristine(s) : s.option));
    times.charts[s.id] = performance.now() - t0;
    inst[s.id] = ch;
    counted(s);
  }
  function drawAll() { specs.forEach(draw); return Object.keys(inst).length; }
  var allDone = false;
  function allDrawn() {
    if (allDone) return;
    allDone = true;
    window.__reportAllDrawnMs = performance.now();
    document.documentElement.setAttribute("data-charts-all", String(drawnCount));
  }
  // drawRest draws the charts that have no picture, one per task, so that input
  // and scrolling are handled between two charts and the whole report is drawn soon
  // after the first view without waiting for the reader to scroll.
  function drawRest() {
    var next = 0;
    (function step() {
      while (next < pending.length && inst[pending[next].id]) next++;
      if (next >= pending.length) return;
      draw(pending[next]);
      setTimeout(step, 0);
    })();
  }
  var started = false;
  function ready() {
    started = true;
    window.__reportReadyMs = performance.now();
    document.documentElement.setAttribute("data-charts-ready", String(drawnCount));
    if (drawnCount === specs.length) allDrawn();
    else setTimeout(drawRest, 0);
  }
  // afterPaint runs f once the page as parsed has been painted: the task after the
  // next animation frame.
  function afterPaint(f) {
    if (window.requestAnimationFrame) requestAnimationFrame(function () { setTimeout(f, 0); });
    else setTimeout(f, 0);
  }
  var pending = []; // charts with no static picture
  specs.forEach(function (s) {
    var el = document.getElementById(s.id);
    if (!el) return;
    var sel = document.getElementById(s.id + "-select");
    if (sel && s.alternatives) {
      sel.addEventListener("change", function () {
        s.current = Number(sel.value);
        if (!s.alternatives[s.current]) return;
        if (inst[s.id]) inst[s.id].setOption(prepare(s, pristine(s)), true);
        else draw(s);
      });
    }
    if (!el.querySelector("svg.static-chart")) { pending.push(s); return; }
    counted(s);
    var wake = function () { draw(s); };
    el.addEventListener("pointerenter", wake, {once: true});
    el.addEventListener("touchstart", wake, {once: true, passive: true});
  });
  if (!pending.length) {
    afterPaint(ready);
  } else if ("IntersectionObserver" in window) {
    var first = true;
    var io = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting) { io.unobserve(e.target); draw(byId[e.target.id]); }
      });
      if (first) { first = false; ready(); }
    }, {rootMargin: "200px 0px"});
    pending.forEach(function (s) { io.observe(document.getElementById(s.id)); });
  } else {
    pending.forEach(draw);
    ready();
  }
  window.addEventListener("resize", function () {
    Object.keys(inst).forEach(function (id) { inst[id].resize(); });
  });

  // ---- paper: print and PNG export ----
  function heightOf(s) { return parseInt(document.getElementById(s.id).style.height, 10) || 400; }
  // lineNames lists the distinct series names of an option, in order.
  function lineNames(o) {
    var seen = {}, out = [];
    (o.series || []).forEach(function (se) { if (!seen[se.name]) { seen[se.name] = true; out.push(se.name); } });
    return out;
  }
  // paperOption drops the interactive chrome: toolbox, zoom slider, legend pager.
  // A legend that may wrap on paper pushes the plot down by the height of a line.
  function paperOption(o, h, width) {
    o.toolbox = {show: false};
    if (o.dataZoom && o.dataZoom.length) h -= 45; // the slider's room at the bottom
    // Category labels wrap within their band instead of being dropped for overlap.
    [].concat(o.xAxis || []).forEach(function (ax) {
      if (ax.type !== "category" || !ax.data || (ax.axisLabel && ax.axisLabel.rotate)) return;
      ax.axisLabel = ax.axisLabel || {};
      ax.axisLabel.width = Math.max(60, 0.8 * width / ax.data.length);
      ax.axisLabel.overflow = "break";
      ax.axisLabel.interval = 0;
    });
    delete o.dataZoom;
    var shift = 0;
    [].concat(o.legend || []).forEach(function (l) {
      l.type = "plain";
      l.left = 10;
      l.right = 10;
      if ((l.data || []).length > 4) shift = 28;
    });
    if (shift) {
      [].concat(o.grid || []).forEach(function (g) { if (typeof g.top === "number" || /^[0-9]+$/.test(g.top)) g.top = Number(g.top) + shift; });
      [].concat(o.title || []).forEach(function (t) { if (typeof t.top === "number") t.top += shift; });
    }
    return {option: o, height: h + shift};
  }
  // multiples is one small panel per line name, every ordering (dataset) in each.
  function multiples(s, o, names, cols) {
    var panelH = cols > 1 ? 110 : 230, gapY = 62, top = 48;
    var rows = Math.ceil(names.length / cols), x0 = [].concat(o.xAxis)[0] || {};
    var out = {animation: false, useUTC: true, dataset: o.dataset, title: [], grid: [], xAxis: [], yAxis: [], series: [],
      legend: {data: s.panels || [], top: 4, left: "center"}, toolbox: {show: false}};
    names.forEach(function (name, k) {
      var r = Math.floor(k / cols), c = k % cols, w = 100 / cols, gt = top + r * (panelH + gapY);
      out.grid.push({left: (c * w + 6) + "%", width: (w - 9) + "%", top: gt, height: panelH});
      out.title.push({text: name, left: (c * w + w / 2) + "%", top: gt - 22, textAlign: "center",
        textStyle: {fontSize: 12, fontWeight: "bold"}});
      out.xAxis.push({type: "time", gridIndex: k, min: x0.min, max: x0.max,
        axisLabel: {hideOverlap: true, formatter: dateFmt, fontSize: 10}});
      out.yAxis.push({type: "value", gridIndex: k, min: 0, max: 100, interval: 50,
        axisLabel: {formatter: "{value} %", fontSize: 10}});
      (o.series || []).forEach(function (se) {
        if (se.name !== name) return;
        var p = se.datasetIndex || 0;
        out.series.push({type: "line", name: (s.panels || [])[p] || String(p), datasetIndex: p, encode: se.encode,
          xAxisIndex: k, yAxisIndex: k, showSymbol: false, symbol: "none", lineStyle: {width: 1},
          color: ordColors[p % ordColors.length]});
      });
    });
    return {option: out, height: top + rows * (panelH + gapY) - gapY + 40};
  }
  // captions puts the paper wording of a caption in place (or back the screen's).
  function captions(onPaper) {
    Array.prototype.forEach.call(document.querySelectorAll("p.caption[data-paper]"), function (p) {
      if (!p.hasAttribute("data-screen")) p.setAttribute("data-screen", p.textContent);
      p.textContent = p.getAttribute(onPaper ? "data-paper" : "data-screen");
    });
  }
  var papers = [];
  // paper draws every chart for paper at width px into its .print-charts box and
  // returns, per chart, the labels of its parts (one per line with perLine).
  function paper(width, perLine) {
    lib();
    papers.forEach(function (c) { c.dispose(); });
    papers = [];
    var out = [];
    specs.forEach(function (s) {
      var box = document.getElementById(s.id + "-print");
      if (!box) return;
      box.textContent = "";
      var o = prepare(s, pristine(s));
      var parts = [];
      if (s.multiples) {
        var names = lineNames(o), per = perLine ? 1 : 8;
        for (var i = 0; i < names.length; i += per) {
          var group = names.slice(i, i + per);
          parts.push({label: perLine ? group[0] : "", made: multiples(s, o, group, perLine ? 1 : 2)});
        }
      } else {
        parts.push({label: "", made: paperOption(o, heightOf(s), width)});
      }
      parts.forEach(function (p) {
        var el = document.createElement("div");
        el.className = "pchart" + (s.multiples ? " pblock" : "");
        el.setAttribute("data-part", p.label);
        el.style.width = width + "px";
        el.style.height = p.made.height + "px";
        box.appendChild(el);
        var ch = echarts.init(el, null, {renderer: "svg", width: width, height: p.made.height});
        ch.setOption(p.made.option);
        papers.push(ch);
      });
      out.push({id: s.id, parts: parts.map(function (p) { return p.label; })});
    });
    captions(true);
    document.documentElement.classList.add("paper");
    return out;
  }
  // only shows part k of a chart's paper parts (-1: all) and names it in the heading.
  function only(id, k) {
    var box = document.getElementById(id + "-print");
    var fig = document.getElementById("fig-" + id);
    if (!box || !fig) return false;
    var label = "";
    Array.prototype.forEach.call(box.children, function (el, i) {
      el.style.display = k < 0 || i === k ? "" : "none";
      if (i === k) label = el.getAttribute("data-part") || "";
    });
    var part = fig.querySelector("h3 .part");
    if (part) part.textContent = label ? ": " + label : "";
    return true;
  }
  var opened = [];
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details:not([open]):not(.data)"), function (d) {
      d.open = true;
      opened.push(d);
    });
    paper(680, false);
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
    captions(false);
  });
  window.__report = {drawAll: drawAll, paper: paper, only: only};
})();`

// htmlTemplate is the report page. Every scenario text goes through html/template's
// contextual escaping; only Scripts (the inlined library, the escaped JSON data and
// htmlScript) is trusted HTML.
var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"rows": func(d *htmlDetail, r []htmlMetricRow) htmlRowsView { return htmlRowsView{D: d, Rows: r} },
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{.CSP}}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="rollout {{.Run.ToolVersion}}">
<title>{{.Title}}</title>
<script>{{.HeadScript}}</script>
<style>
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1f2933; margin: 0; background: #f5f7fa; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 28px 40px; background: #fff; }
h1 { font-size: 26px; margin: 4px 0 2px; }
h2 { font-size: 20px; margin: 34px 0 8px; border-bottom: 1px solid #d9e2ec; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 26px 0 4px; }
.sub { color: #52606d; margin: 0 0 14px; }
.desc { white-space: pre-line; }
.rec { border-left: 6px solid #2ca02c; background: #f0f9f0; padding: 12px 18px; margin: 18px 0; }
.rec.tie { border-color: #f0b429; background: #fffbea; }
.rec h2 { border: 0; margin: 0 0 6px; padding: 0; }
.notes { background: #fff3f3; border-left: 6px solid #d62728; padding: 8px 16px; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; margin: 8px 0; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e4e7eb; vertical-align: top; }
th { background: #f0f4f8; }
td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.ci { color: #52606d; font-size: 12px; }
tr.deciding td { background: #f0f9f0; font-weight: 600; }
.sig { font-weight: 600; }
.muted { color: #52606d; }
.caption { color: #3e4c59; margin: 2px 0 6px; font-size: 14px; }
.chart { width: 100%; }
figure { margin: 0 0 10px; }
select { font: inherit; margin: 4px 0; }
details summary { cursor: pointer; }
.rec details[open] summary { display: none; }
details.data { margin: 2px 0 8px; font-size: 13px; }
details.data summary { color: #3e4c59; }
.tscroll { max-height: 420px; overflow: auto; }
table.data { font-size: 12.5px; width: auto; min-width: 50%; }
table.data caption { text-align: left; color: #3e4c59; padding: 2px 0 4px; }
table.data th[scope=row] { background: none; white-space: nowrap; font-weight: normal; }
.print-charts { display: none; }
.nojs { display: none; background: #fffbea; border-left: 6px solid #f0b429; padding: 8px 16px; margin: 12px 0; }
html:not(.js) .nojs { display: block; }
html:not(.js) .chart:not(.static), html:not(.js) label.choice { display: none; }
.chart.static > svg { display: block; }
html:not(.js) details.data::details-content { content-visibility: visible; display: block; }
html:not(.js) .tscroll { max-height: none; }
html:not(.js) details.data > summary { list-style: none; cursor: default; font-weight: 600; }
html:not(.js) details.data > summary::-webkit-details-marker { display: none; }
pre { background: #f5f7fa; padding: 10px; overflow-x: auto; font-size: 12.5px; }
footer { margin-top: 30px; color: #52606d; font-size: 13px; border-top: 1px solid #d9e2ec; padding-top: 10px; }
code { font-size: 12.5px; }
@media print {
  @page { size: A4; margin: 12mm; }
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2, h3, .caption { break-after: avoid; page-break-after: avoid; }
  .pblock, .rec, .notes, tr { break-inside: avoid; page-break-inside: avoid; }
  label.choice, .rec details > summary { display: none; }
  details::details-content { content-visibility: visible; display: block; }
  details.data > summary { display: none; }
  html.paper .chart { display: none; }
  html.paper .print-charts { display: block; }
  html.paper details.data { display: none; }
  .tscroll { max-height: none; overflow: visible; }
  pre { white-space: pre-wrap; overflow: visible; }
  table { font-size: 8.5pt; }
  th, td { padding: 2px 4px; }
  td.n { white-space: normal; }
  .ci { font-size: 7.5pt; }
  code { word-break: break-all; }
}
</style>
</head>
<body>
<main>
<h1>{{.Title}}</h1>
<p class="sub">Scenario <strong>{{.Scenario.Name}}</strong>{{with .Scenario.StartDate}}, starting {{.}}{{end}} · {{.Replications}} replications · seed {{.Seed}}</p>
{{with .Scenario.Description}}<p class="desc">{{.}}</p>{{end}}
<div class="nojs" role="note"><strong>This viewer blocks scripts: the charts are static pictures here.</strong> Every chart's data is shown as a table below it; open the file in a web browser (Chrome, Edge, Firefox, Safari) for the interactive charts (tooltips, zoom, one link at a time).</div>
<noscript><style>.nojs { display: block; }</style></noscript>
{{with .Sweep}}
<section class="rec">
<h2>Sweep of {{.Param}}</h2>
{{if .BreakEven}}<p>The recommendation flips:</p><ul>{{range .BreakEven}}<li>{{.}}</li>{{end}}</ul>
{{else}}<p>The recommendation does not flip within the swept range.</p>{{end}}
<table>
<tr><th>{{.Param}}</th><th>recommended</th>{{range .Orderings}}<th>{{$.Sweep.Metric}}: {{.}}</th>{{end}}<th>difference [95 % CI]</th></tr>
{{range .Rows}}<tr><td>{{.Value}}</td><td>{{.Recommended}}</td>{{range .Cells}}<td class="n">{{.Mean}} <span class="ci">{{.CI}}</span></td>{{end}}<td class="n">{{.Diff}}</td></tr>
{{end}}</table>
</section>
{{end}}
{{range .SweepFigures}}{{template "figure" .}}{{end}}
{{with .Grid}}<figure class="fig pblock" id="fig-grid">
<h3>{{.Title}}</h3>
<p class="caption">{{.Caption}}</p>
{{.SVG}}
</figure>
{{end}}
{{with .Detail}}
{{if $.Sweep}}<h2>Comparison in detail</h2>{{end}}
{{with .Rec}}
<section class="rec{{if .Tie}} tie{{end}}">
<h2>{{.Headline}}</h2>
{{with $.Detail.Robust}}<p class="lead"><strong>{{.Lead}}</strong></p>{{end}}
{{if .Exception}}<p><strong>The article's exception:</strong> servers-first wins because of the old servers' own outages, load or slowness.</p>{{end}}
<ul>{{range .Reasons}}<li>{{if .Short}}<details><summary>{{.Short}}</summary>{{.Text}}</details>{{else}}{{.Text}}{{end}}</li>{{end}}</ul>
{{with .Deciding}}<p class="muted">Decided on <code>{{.}}</code>: the first step of the decision rule (disruption, WAN volume, time to finish, cost) whose paired 95 % CI excludes zero.</p>{{end}}
</section>
{{end}}
{{with .Ablation}}
<h2>Which mechanisms carry the difference (ablation)</h2>
<p class="caption">Each mechanism switched off on the comparison's first {{.Reps}} random worlds; the share of the disruption difference it explains with its 95 % CI. A reason names a mechanism only when it explains at least {{.MinShare}} of the difference with a CI above zero.</p>
<table>
<tr><th>mechanism</th><th>switched off</th><th>difference (user-hours)</th><th>share explained <span class="ci">[95 % CI]</span></th><th>backs reasons</th></tr>
{{range .Rows}}<tr{{if .Backs}} class="deciding"{{end}}><td><code>{{.Mechanism}}</code></td><td>{{.Off}}</td><td class="n">{{.Difference}}</td><td class="n">{{.Share}} <span class="ci">{{.CI}}</span></td><td>{{.BacksText}}</td></tr>
{{end}}</table>
{{end}}
{{with .Robust}}
<h2>Robustness: would the answer change if the assumptions are wrong?</h2>
<p class="caption">Each assumed parameter rerun at the low and the high end of its range on the comparison's first {{.Reps}} random worlds (common random numbers); the difference {{.Label}} in disruption user-hours with its 95 % CI, widest swing first.</p>
<figure class="fig">{{.SVG}}</figure>
<table>
<tr><th>parameter</th><th>in force</th><th>low</th><th>difference at low <span class="ci">[95 % CI]</span></th><th>high</th><th>difference at high <span class="ci">[95 % CI]</span></th><th>flips</th><th>range from</th></tr>
{{range .Rows}}<tr{{if .Flip}} class="deciding"{{end}}><td><code>{{.Path}}</code></td><td>{{.Value}}</td><td>{{.Low}}</td><td class="n">{{.AtLow}}</td><td>{{.High}}</td><td class="n">{{.AtHigh}}</td><td>{{.Flips}}</td><td class="muted">{{.Source}}</td></tr>
{{end}}</table>
{{end}}
{{with .Notes}}<div class="notes"><ul>{{range .}}<li>{{.}}</li>{{end}}</ul></div>{{end}}
{{if .KeyNumbers}}
<h3>Key numbers</h3>
{{template "metrics" (rows . .KeyNumbers)}}
{{end}}
{{if .Figures}}<h2>Charts</h2>
<p class="caption">Each chart opens as a picture; point at it (or touch it) and it becomes interactive: tooltips, zoom, legend.</p>{{end}}
{{range .Figures}}{{template "figure" .}}{{end}}
<h2>All metrics</h2>
<p class="caption">Mean over replications with its 95 % confidence interval per ordering{{if .HasDiff}}; the paired difference {{.DiffLabel}} with its 95 % CI (bold when the CI excludes zero){{end}}. {{$.Intervals}}.</p>
{{template "metrics" (rows . .Metrics)}}
{{end}}
<h2>Assumptions in force</h2>
<p class="caption">Parameters with no published source (assumed) first; each value with where it comes from.</p>
<table>
<tr><th>parameter</th><th>value</th><th>source</th></tr>
{{range .Assumptions}}<tr><td><code>{{.Path}}</code></td><td>{{.Value}}{{if .Default}} <span class="muted">(default)</span>{{end}}</td><td>{{if .Assumed}}<strong>assumed</strong>{{else}}{{.Source}}{{end}}</td></tr>
{{else}}<tr><td colspan="3" class="muted">none listed</td></tr>
{{end}}</table>
{{with .Resolved}}
<h2>Resolved scenario</h2>
<details><summary>Every parameter after defaults and inheritance (YAML)</summary>
<pre>{{.}}</pre>
</details>
{{end}}
<footer>
<p>Generated by rollout {{.Run.ToolVersion}}{{with .Run.GoVersion}} ({{.}}){{end}} · seed {{.Seed}} · {{.Replications}} replications · charts by Apache ECharts {{.EChartsVersion}}, inlined.</p>
{{with .Run.CommandLine}}<p>Reproduce: <code>{{.}}</code></p>{{end}}
</footer>
</main>
{{.Scripts}}
</body>
</html>
{{define "figure"}}<figure class="fig{{if not .Chart.Multiples}} pblock{{end}}" id="fig-{{.Chart.ID}}">
<h3>{{.Title}}<span class="part"></span></h3>
<p class="caption" id="cap-{{.Chart.ID}}"{{with .PaperCaption}} data-paper="{{.}}"{{end}}>{{.Caption}}</p>
{{if .Choices}}<label class="choice">Metric: <select id="{{.Chart.ID}}-select">{{range $i, $c := .Choices}}<option value="{{$i}}">{{$c}}</option>{{end}}</select></label>{{end}}
<div class="chart{{if .Static}} static{{end}}" id="{{.Chart.ID}}" role="img" aria-label="Chart: {{.Title}}" aria-describedby="cap-{{.Chart.ID}}{{if .Table}} tab-{{.Chart.ID}}{{end}}" style="height: {{.Chart.Height}}px">{{.Static}}</div>
<div class="print-charts" id="{{.Chart.ID}}-print"></div>
{{with .Table}}<details class="data" id="tab-{{$.Chart.ID}}"><summary>Data table: {{$.Title}}</summary>
<div class="tscroll"><table class="data"><caption>{{.Note}}</caption>
<thead><tr>{{range .Head}}<th scope="col">{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Rows}}<tr>{{range $i, $c := .}}{{if eq $i 0}}<th scope="row">{{$c}}</th>{{else}}<td class="n">{{$c}}</td>{{end}}{{end}}</tr>
{{end}}</tbody></table></div></details>{{end}}
</figure>
{{end}}
{{define "metrics"}}<table>
<tr><th>metric</th><th>unit</th>{{range .D.Orderings}}<th>{{.}} <span class="ci">mean [95 % CI]</span></th>{{end}}{{if .D.HasDiff}}<th>{{.D.DiffLabel}} <span class="ci">[95 % CI]</span></th><th>better</th>{{end}}</tr>
{{range .Rows}}<tr{{if .Deciding}} class="deciding"{{end}}><td title="{{.Description}}"><code>{{.Key}}</code>{{with .Description}}<br><span class="muted">{{.}}</span>{{end}}</td><td>{{.Unit}}</td>{{range .Cells}}<td class="n">{{.Mean}}<br><span class="ci">{{.CI}}</span></td>{{end}}{{if $.D.HasDiff}}<td class="n{{if .Significant}} sig{{end}}">{{.Diff}}<br><span class="ci">{{.DiffCI}}</span></td><td>{{.Better}}</td>{{end}}</tr>
{{end}}</table>{{end}}
`))

// htmlRowsView is one metric table: its rows and the detail it belongs to.
type htmlRowsView struct {
	D    *htmlDetail
	Rows []htmlMetricRow
}
