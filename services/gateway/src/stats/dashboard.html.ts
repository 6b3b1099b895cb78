/**
 * The dashboard page: one self-contained HTML document (inline CSS and JS, no CDN, no build step) that polls
 * GET /v1/stats every 2 seconds. Values are written with textContent only, so nothing from the API is parsed as HTML.
 */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>newsflow — pipeline</title>
<style>
  :root { font-family: system-ui, sans-serif; color: #1d2330; background: #f5f6f8; }
  body { margin: 0 auto; max-width: 1100px; padding: 1.5rem; }
  h1 { font-size: 1.4rem; margin: 0 0 1rem; }
  h2 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
  .cards { display: flex; gap: 1rem; flex-wrap: wrap; }
  .card { background: #fff; border-radius: 8px; padding: 1rem 1.25rem; box-shadow: 0 1px 3px #0002; min-width: 180px; }
  .card .label { font-size: .8rem; color: #5a6275; text-transform: uppercase; letter-spacing: .04em; }
  .card .value { font-size: 1.8rem; font-variant-numeric: tabular-nums; margin-top: .25rem; }
  table { border-collapse: collapse; width: 100%; background: #fff; border-radius: 8px; overflow: hidden; box-shadow: 0 1px 3px #0002; }
  th, td { text-align: left; padding: .45rem .75rem; border-bottom: 1px solid #eceef2; font-variant-numeric: tabular-nums; }
  th { background: #eef0f4; font-weight: 600; font-size: .85rem; }
  .up { color: #137333; } .down { color: #b3261e; }
  .muted { color: #5a6275; font-size: .85rem; }
</style>
</head>
<body>
<h1>newsflow pipeline</h1>
<p class="muted">Updated <span id="updated">never</span> · <span id="status">loading…</span></p>
<div class="cards">
  <div class="card"><div class="label">Articles indexed</div><div class="value" id="articles-indexed">–</div></div>
  <div class="card"><div class="label">OpenSearch</div><div class="value" id="opensearch-status">–</div></div>
  <div class="card"><div class="label">Total consumer lag</div><div class="value" id="total-lag">–</div></div>
</div>
<h2>Stages</h2>
<table id="stages"><thead><tr><th>stage</th><th>state</th><th>in</th><th>out</th><th>failed</th><th>dead letters</th><th>ingest→here p50</th><th>p99</th></tr></thead><tbody></tbody></table>
<h2>Fetch queue (BullMQ)</h2>
<table id="queues"><thead><tr><th>queue</th><th>waiting</th><th>active</th><th>delayed</th><th>failed</th><th>completed</th></tr></thead><tbody></tbody></table>
<h2>Consumer lag</h2>
<table id="lag"><thead><tr><th>group</th><th>topic</th><th>partition</th><th>committed</th><th>end</th><th>lag</th></tr></thead><tbody></tbody></table>
<script>
(function () {
  'use strict';
  function fmt(v) { return v === null || v === undefined ? '–' : Number(v).toLocaleString('en-US'); }
  function secs(v) { return v === null || v === undefined ? '–' : (v < 1 ? Math.round(v * 1000) + ' ms' : v.toFixed(2) + ' s'); }
  function row(cells, attrs) {
    var tr = document.createElement('tr');
    Object.keys(attrs || {}).forEach(function (k) { tr.setAttribute(k, attrs[k]); });
    cells.forEach(function (c) {
      var td = document.createElement('td');
      td.textContent = c.text;
      if (c.cls) td.className = c.cls;
      if (c.name) td.setAttribute('data-field', c.name);
      tr.appendChild(td);
    });
    return tr;
  }
  function render(s) {
    document.getElementById('articles-indexed').textContent = fmt(s.articlesIndexed);
    var os = document.getElementById('opensearch-status');
    os.textContent = s.opensearch.status || 'down';
    os.className = 'value ' + (s.opensearch.ok ? 'up' : 'down');
    var stages = document.querySelector('#stages tbody');
    stages.replaceChildren.apply(stages, s.stages.map(function (st) {
      return row([
        { text: st.name },
        { text: st.up ? 'up' : 'down', cls: st.up ? 'up' : 'down', name: 'state' },
        { text: fmt(st.messagesIn), name: 'in' },
        { text: fmt(st.messagesOut), name: 'out' },
        { text: fmt(st.failed), name: 'failed' },
        { text: fmt(st.deadLetters), name: 'dlq' },
        { text: secs(st.endToEndP50Seconds), name: 'p50' },
        { text: secs(st.endToEndP99Seconds), name: 'p99' }
      ], { 'data-stage': st.name });
    }));
    var lag = document.querySelector('#lag tbody');
    var rows = [];
    var total = 0;
    s.consumerLag.forEach(function (g) {
      total += g.total;
      if (g.partitions.length === 0) {
        rows.push(row([{ text: g.group }, { text: g.topic }, { text: g.error ? 'error: ' + g.error : 'no partitions yet' }, { text: '' }, { text: '' }, { text: '' }], { 'data-group': g.group }));
      }
      g.partitions.forEach(function (p) {
        rows.push(row([{ text: g.group }, { text: g.topic }, { text: String(p.partition) }, { text: p.committed < 0 ? 'none' : fmt(p.committed) }, { text: fmt(p.end) }, { text: fmt(p.lag), name: 'lag' }], { 'data-group': g.group, 'data-partition': String(p.partition) }));
      });
    });
    lag.replaceChildren.apply(lag, rows);
    document.getElementById('total-lag').textContent = fmt(total);
    var queues = document.querySelector('#queues tbody');
    queues.replaceChildren.apply(queues, s.queues.map(function (q) {
      if (!q.ok) return row([{ text: q.name }, { text: 'unavailable: ' + q.error, cls: 'down' }, { text: '' }, { text: '' }, { text: '' }, { text: '' }], { 'data-queue': q.name });
      var c = q.counts;
      return row([
        { text: q.name },
        { text: fmt(c.waiting + c.prioritized), name: 'waiting' },
        { text: fmt(c.active), name: 'active' },
        { text: fmt(c.delayed), name: 'delayed' },
        { text: fmt(c.failed), name: 'failed' },
        { text: fmt(c.completed), name: 'completed' }
      ], { 'data-queue': q.name });
    }));
    document.getElementById('updated').textContent = new Date(s.generatedAt).toLocaleTimeString();
  }
  function poll() {
    fetch('/v1/stats', { cache: 'no-store' })
      .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
      .then(function (s) { render(s); document.getElementById('status').textContent = 'live'; })
      .catch(function (e) { document.getElementById('status').textContent = 'stats unavailable: ' + e.message; })
      .finally(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
</script>
</body>
</html>
`;
