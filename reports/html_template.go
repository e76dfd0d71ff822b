package reports

import "html/template"

// htmlScript draws the charts. It reads the options from the JSON data block,
// attaches the tooltip formatters (which escape every name with
// echarts.format.encodeHTML: ECharts renders tooltips as HTML) and the error-bar
// renderer, and marks <html data-charts-ready="N"> when N charts are drawn. It is a
// constant, so its CSP hash is fixed; no code ever comes from the data.
const htmlScript = `(function () {
  "use strict";
  var times = {start: performance.now(), charts: {}};
  window.__reportTimes = times;
  var enc = echarts.format.encodeHTML;
  var specs = JSON.parse(document.getElementById("report-data").textContent).charts || [];
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
  function prepare(s, o) {
    if (s.xHours) [].concat(o.xAxis || []).forEach(function (ax) {
      ax.axisLabel = ax.axisLabel || {};
      ax.axisLabel.formatter = dur;
    });
    o.tooltip = o.tooltip || {};
    o.tooltip.formatter = (tips[s.tooltip] || tips.bars)(s);
    o.tooltip.confine = true;
    (o.series || []).forEach(function (se) {
      if (se.type === "custom") { se.renderItem = errorBar; se.z = 5; } // whiskers above the bars
    });
    return o;
  }
  var drawn = [];
  specs.forEach(function (s) {
    var el = document.getElementById(s.id);
    if (!el) return;
    var ch = echarts.init(el, null, {renderer: "canvas"});
    var t0 = performance.now();
    ch.setOption(prepare(s, s.option));
    times.charts[s.id] = performance.now() - t0;
    drawn.push(ch);
    var sel = document.getElementById(s.id + "-select");
    if (sel && s.alternatives) {
      sel.addEventListener("change", function () {
        var o = s.alternatives[Number(sel.value)];
        if (o) ch.setOption(prepare(s, o), true);
      });
    }
  });
  window.addEventListener("resize", function () { drawn.forEach(function (c) { c.resize(); }); });
  window.__reportReadyMs = performance.now();
  document.documentElement.setAttribute("data-charts-ready", String(drawn.length));
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
.ci { color: #7b8794; font-size: 12px; }
tr.deciding td { background: #f0f9f0; font-weight: 600; }
.sig { font-weight: 600; }
.muted { color: #7b8794; }
.caption { color: #3e4c59; margin: 2px 0 6px; font-size: 14px; }
.chart { width: 100%; }
figure { margin: 0 0 10px; }
select { font: inherit; margin: 4px 0; }
details summary { cursor: pointer; }
.rec details[open] summary { display: none; }
pre { background: #f5f7fa; padding: 10px; overflow-x: auto; font-size: 12.5px; }
footer { margin-top: 30px; color: #52606d; font-size: 13px; border-top: 1px solid #d9e2ec; padding-top: 10px; }
code { font-size: 12.5px; }
@media print { body { background: #fff; } main { padding: 0; } }
</style>
</head>
<body>
<main>
<h1>{{.Title}}</h1>
<p class="sub">Scenario <strong>{{.Scenario.Name}}</strong>{{with .Scenario.Start}}, starting {{.}}{{end}} · {{.Replications}} replications · seed {{.Seed}}</p>
{{with .Scenario.Description}}<p class="desc">{{.}}</p>{{end}}
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
{{with .Detail}}
{{if $.Sweep}}<h2>Comparison in detail</h2>{{end}}
{{with .Rec}}
<section class="rec{{if .Tie}} tie{{end}}">
<h2>{{.Headline}}</h2>
{{if .Exception}}<p><strong>The article's exception:</strong> servers-first wins because of the old servers' own outages, load or slowness.</p>{{end}}
<ul>{{range .Reasons}}<li>{{if .Short}}<details><summary>{{.Short}}</summary>{{.Text}}</details>{{else}}{{.Text}}{{end}}</li>{{end}}</ul>
{{with .Deciding}}<p class="muted">Decided on <code>{{.}}</code>: the first step of the decision rule (disruption, WAN volume, time to finish, cost) whose paired 95 % CI excludes zero.</p>{{end}}
</section>
{{end}}
{{with .Notes}}<div class="notes"><ul>{{range .}}<li>{{.}}</li>{{end}}</ul></div>{{end}}
{{if .KeyNumbers}}
<h3>Key numbers</h3>
{{template "metrics" (rows . .KeyNumbers)}}
{{end}}
{{if .Figures}}<h2>Charts</h2>{{end}}
{{range .Figures}}{{template "figure" .}}{{end}}
<h2>All metrics</h2>
<p class="caption">Mean over replications with its 95 % confidence interval per ordering{{if .HasDiff}}; the paired difference {{.DiffLabel}} with its 95 % CI (bold when the CI excludes zero){{end}}.</p>
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
{{define "figure"}}<figure>
<h3>{{.Title}}</h3>
<p class="caption">{{.Caption}}</p>
{{if .Choices}}<label>Metric: <select id="{{.Chart.ID}}-select">{{range $i, $c := .Choices}}<option value="{{$i}}">{{$c}}</option>{{end}}</select></label>{{end}}
<div class="chart" id="{{.Chart.ID}}" style="height: {{.Chart.Height}}px"></div>
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
