import { END_TO_END_BUCKETS_SECONDS } from '@newsflow/observability';

/**
 * The dashboard page: one self-contained HTML document (inline CSS, JS and SVG; no CDN, no build step) that polls
 * GET /v1/stats/dashboard every 2 seconds. It works with every stage down (the gateway answers from its own
 * sampler). Every value is written with textContent or as an SVG attribute: nothing from the API, article titles
 * and dead-letter reasons included, is ever parsed as HTML.
 */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>newsflow — pipeline</title>
<style>
  :root { font-family: system-ui, sans-serif; color: #1d2330; background: #f3f4f7; }
  body { margin: 0 auto; max-width: 1280px; padding: 1.25rem; }
  h1 { font-size: 1.4rem; margin: 0; }
  h2 { font-size: 1.02rem; margin: 1.4rem 0 .5rem; }
  header { display: flex; align-items: baseline; gap: 1rem; flex-wrap: wrap; }
  .muted { color: #5a6275; font-size: .85rem; }
  .badge { display: inline-block; padding: .1rem .55rem; border-radius: 999px; font-size: .8rem; font-weight: 600; }
  .st-up { background: #dff3e4; color: #137333; } .st-down { background: #fbe0de; color: #b3261e; }
  .st-stalled, .st-blocked { background: #fdf0d5; color: #8a5300; } .st-starting { background: #e3ecfb; color: #1a56b0; }
  .up { color: #137333; } .down { color: #b3261e; }
  .cards, .stage-cards { display: grid; gap: .8rem; }
  .cards { grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); }
  .stage-cards { grid-template-columns: repeat(auto-fit, minmax(230px, 1fr)); }
  .card { background: #fff; border-radius: 8px; padding: .8rem 1rem; box-shadow: 0 1px 3px #0002; }
  .card .label { font-size: .75rem; color: #5a6275; text-transform: uppercase; letter-spacing: .04em; }
  .card .value { font-size: 1.6rem; font-variant-numeric: tabular-nums; margin-top: .2rem; }
  .card dl { display: grid; grid-template-columns: auto auto; gap: .15rem .8rem; margin: .5rem 0 0; font-size: .85rem; }
  .card dt { color: #5a6275; } .card dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; }
  .reason { font-size: .8rem; color: #8a5300; margin-top: .3rem; word-break: break-word; }
  .flow { display: flex; align-items: center; gap: 0; background: #fff; border-radius: 8px; padding: .9rem; box-shadow: 0 1px 3px #0002; overflow-x: auto; }
  .node { min-width: 92px; text-align: center; padding: .5rem .4rem; border-radius: 8px; border: 2px solid #c9ced8; font-weight: 600; }
  .node small { display: block; font-weight: 400; font-size: .75rem; }
  .node.st-up { border-color: #37a058; } .node.st-down { border-color: #d0453b; } .node.st-stalled, .node.st-blocked { border-color: #d89b1c; }
  .edge { flex: 1; min-width: 90px; text-align: center; font-size: .78rem; color: #5a6275; position: relative; padding: 0 .3rem; }
  .edge::after { content: ''; display: block; height: 2px; background: #9aa3b5; margin: .2rem 0; }
  .edge .rate { color: #1d2330; font-weight: 600; }
  .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(290px, 1fr)); gap: .8rem; }
  .chart svg { width: 100%; height: 90px; display: block; }
  .chart polyline { fill: none; stroke: #3868d6; stroke-width: 1.6; }
  .grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: .8rem; }
  @media (max-width: 900px) { .grid2 { grid-template-columns: 1fr; } }
  table { border-collapse: collapse; width: 100%; background: #fff; border-radius: 8px; overflow: hidden; box-shadow: 0 1px 3px #0002; font-size: .85rem; }
  th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #eceef2; font-variant-numeric: tabular-nums; vertical-align: top; }
  th { background: #eef0f4; font-weight: 600; font-size: .8rem; }
  td.wrap { word-break: break-word; max-width: 420px; }
  .bar { height: .55rem; background: #3868d6; border-radius: 3px; }
  button { font: inherit; font-size: .8rem; padding: .15rem .6rem; border-radius: 5px; border: 1px solid #9aa3b5; background: #fff; cursor: pointer; }
  input { font: inherit; font-size: .85rem; padding: .2rem .4rem; }
  a { color: #1a56b0; }
</style>
</head>
<body>
<header>
  <h1>newsflow pipeline</h1>
  <span id="overall" class="badge">…</span>
  <span class="muted">Updated <span id="updated">never</span> · <span id="status">loading…</span></span>
  <span class="muted"><a href="/admin/queues">queue board</a> · <a href="/metrics">metrics</a> · <a href="/health">health</a></span>
</header>
<ul id="unhealthy" class="muted"></ul>

<div class="cards">
  <div class="card"><div class="label">Articles indexed</div><div class="value" id="articles-indexed">–</div></div>
  <div class="card"><div class="label">Articles / s</div><div class="value" id="articles-rate">–</div></div>
  <div class="card"><div class="label">Total consumer lag</div><div class="value" id="total-lag">–</div></div>
  <div class="card"><div class="label">Dead letters / s</div><div class="value" id="dlq-rate">–</div></div>
  <div class="card"><div class="label">Ingest → indexed p99</div><div class="value" id="e2e-p99">–</div></div>
  <div class="card"><div class="label">OpenSearch</div><div class="value" id="opensearch-status">–</div></div>
</div>

<h2>Flow</h2>
<div class="flow" id="flow"></div>

<h2>Stages</h2>
<div class="stage-cards" id="stage-cards"></div>

<h2>Last hour</h2>
<div class="charts">
  <div class="card chart"><div class="label">Articles indexed / s <span id="chart-articles-last"></span></div><svg id="chart-articles" viewBox="0 0 300 90" preserveAspectRatio="none"></svg></div>
  <div class="card chart"><div class="label">Consumer lag <span id="chart-lag-last"></span></div><svg id="chart-lag" viewBox="0 0 300 90" preserveAspectRatio="none"></svg></div>
  <div class="card chart"><div class="label">Ingest → indexed p99 (s) <span id="chart-e2e-last"></span></div><svg id="chart-e2e" viewBox="0 0 300 90" preserveAspectRatio="none"></svg></div>
  <div class="card chart"><div class="label">Dead letters / s <span id="chart-dlq-last"></span></div><svg id="chart-dlq" viewBox="0 0 300 90" preserveAspectRatio="none"></svg></div>
</div>

<div class="grid2">
  <div>
    <h2>Quality <span class="muted" id="quality-window"></span></h2>
    <table id="quality"><tbody></tbody></table>
    <div class="grid2" style="margin-top:.6rem">
      <table id="languages"><thead><tr><th>language</th><th>share</th><th></th></tr></thead><tbody></tbody></table>
      <table id="topics"><thead><tr><th>topic</th><th>share</th><th></th></tr></thead><tbody></tbody></table>
    </div>
  </div>
  <div>
    <h2>Latest indexed articles</h2>
    <table id="latest-articles"><thead><tr><th>title</th><th>source</th><th>lang</th><th>topic</th><th>indexed</th></tr></thead><tbody></tbody></table>
  </div>
</div>

<h2>Latest dead letters</h2>
<p class="muted">Admin key (for replay): <input id="admin-key" type="password" autocomplete="off" size="24"> <span id="replay-result"></span></p>
<table id="dead-letters"><thead><tr><th>when</th><th>stage</th><th>code</th><th>reason</th><th>topic</th><th>attempts</th><th></th></tr></thead><tbody></tbody></table>

<h2>Stage counters <span class="muted">(since each process started)</span></h2>
<table id="stages"><thead><tr><th>stage</th><th>state</th><th>in</th><th>out</th><th>failed</th><th>dead letters</th><th>ingest→here p50</th><th>p99</th></tr></thead><tbody></tbody></table>
<h2>Fetch queue (BullMQ) <span class="muted">— jobs and failures in detail on the <a href="/admin/queues">queue board</a></span></h2>
<table id="queues"><thead><tr><th>queue</th><th>waiting</th><th>active</th><th>delayed</th><th>failed</th><th>completed</th></tr></thead><tbody></tbody></table>
<h2>Consumer lag</h2>
<table id="lag"><thead><tr><th>group</th><th>topic</th><th>partition</th><th>committed</th><th>end</th><th>lag</th></tr></thead><tbody></tbody></table>
<script>
(function () {
  'use strict';
  var STAGES = ['fetch', 'clean', 'classify', 'index'];
  var HOUR = 3600 * 1000;
  var series = [];
  var since = 0;
  function $(id) { return document.getElementById(id); }
  function fmt(v) { return v === null || v === undefined ? '–' : Number(v).toLocaleString('en-US'); }
  function rate(v) { return v === null || v === undefined ? '–' : (v >= 10 ? v.toFixed(0) : v.toFixed(2)); }
  function pct(v) { return v === null || v === undefined ? '–' : (v * 100).toFixed(1) + ' %'; }
  var E2E_TOP_SECONDS = ${Math.max(...END_TO_END_BUCKETS_SECONDS)};
  // A latency quantile at the top bucket's bound means "at least that" (the histogram has no finer bucket above it).
  function secs(v) { return v === null || v === undefined ? '–' : (v >= E2E_TOP_SECONDS ? '≥ ' + E2E_TOP_SECONDS + ' s' : v < 1 ? Math.round(v * 1000) + ' ms' : v.toFixed(2) + ' s'); }
  function time(iso) { return iso ? new Date(iso).toLocaleTimeString() : '–'; }
  function el(tag, text, cls, attrs) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function row(cells, attrs) {
    var tr = el('tr', null, null, attrs);
    cells.forEach(function (c) {
      var td = el('td', c.text, c.cls, c.name ? { 'data-field': c.name } : {});
      if (c.node) td.appendChild(c.node);
      tr.appendChild(td);
    });
    return tr;
  }
  function fill(tbody, rows) { tbody.replaceChildren.apply(tbody, rows); }
  function badge(status) { return el('span', status, 'badge st-' + status, { 'data-status': status }); }
  function last(name) { return series.length ? series[series.length - 1][name] : null; }
  function lastKnown(name) {
    for (var i = series.length - 1; i >= 0; i--) if (series[i][name] !== null && series[i][name] !== undefined) return series[i][name];
    return null;
  }

  function renderFlow(view, point) {
    var flow = $('flow');
    var parts = [el('div', 'ingest', 'node st-up')];
    var stages = view.stats ? view.stats.stages : [];
    STAGES.forEach(function (name, i) {
      var st = stages.find(function (s) { return s.name === name; });
      var p = point ? point.stages[name] : null;
      var upstream = i === 0 ? null : (point ? point.stages[STAGES[i - 1]] : null);
      var edge = el('div', null, 'edge', { 'data-edge': name });
      edge.appendChild(el('div', (upstream ? rate(upstream.outPerSec) : rate(p && p.inPerSec)) + ' msg/s', 'rate', { 'data-field': 'rate' }));
      edge.appendChild(el('div', 'lag ' + fmt(p ? p.lag : null), null, { 'data-field': 'lag' }));
      parts.push(edge);
      var status = st ? st.status : 'down';
      var node = el('div', name, 'node st-' + status, { 'data-node': name });
      node.appendChild(el('small', status));
      parts.push(node);
    });
    var last = el('div', null, 'edge', { 'data-edge': 'opensearch' });
    last.appendChild(el('div', rate(point ? point.articlesPerSec : null) + ' art/s', 'rate'));
    last.appendChild(el('div', ' '));
    parts.push(last);
    parts.push(el('div', 'OpenSearch', 'node ' + (view.stats && view.stats.opensearch.ok ? 'st-up' : 'st-down')));
    flow.replaceChildren.apply(flow, parts);
  }

  function renderCards(view, point) {
    var box = $('stage-cards');
    var stages = view.stats ? view.stats.stages : STAGES.map(function (n) { return { name: n, status: 'down', reason: 'no sample yet' }; });
    box.replaceChildren.apply(box, stages.map(function (st) {
      var p = point ? point.stages[st.name] : null;
      var tot = view.totals ? view.totals[st.name] : null;
      var c = el('div', null, 'card', { 'data-card': st.name });
      var head = el('div', null, 'label');
      head.appendChild(el('span', st.name + ' '));
      head.appendChild(badge(st.status));
      c.appendChild(head);
      if (st.reason || st.error) c.appendChild(el('div', st.reason || st.error, 'reason', { 'data-field': 'reason' }));
      var dl = el('dl');
      function item(label, value, name) { dl.appendChild(el('dt', label)); dl.appendChild(el('dd', value, null, { 'data-field': name })); }
      item('in / s', rate(p && p.inPerSec), 'rate-in');
      item('out / s', rate(p && p.outPerSec), 'rate-out');
      item('errors / s', rate(p && p.failedPerSec), 'rate-failed');
      item('dead letters (since gateway start)', fmt(tot ? tot.deadLetters : null), 'dlq-total');
      item('lag', fmt(p ? p.lag : null), 'lag');
      item('ingest→here p50 / p99', secs(st.endToEndP50Seconds) + ' / ' + secs(st.endToEndP99Seconds), 'latency');
      item('consumer', st.consumer ? (st.consumer.state || '–') + ', partitions ' + (st.consumer.assigned || []).join(',') : '–', 'consumer');
      item('restarts', st.consumer && st.consumer.restarts !== undefined ? fmt(st.consumer.restarts) : '–', 'restarts');
      item('last progress', st.consumer && st.consumer.lastProgressAt ? time(st.consumer.lastProgressAt) : '–', 'last-progress');
      c.appendChild(dl);
      return c;
    }));
  }

  function chart(id, key, format) {
    var svg = $(id);
    var now = Date.now();
    var pts = series.filter(function (p) { return p.t > now - HOUR && p[key] !== null && p[key] !== undefined; });
    var max = pts.reduce(function (m, p) { return Math.max(m, p[key]); }, 0) || 1;
    // the x axis spans the history kept so far (at least 5 minutes, at most the hour)
    var start = Math.max(now - HOUR, Math.min(series.length ? series[0].t : now, now - 5 * 60 * 1000));
    var span = now - start;
    var ns = 'http://www.w3.org/2000/svg';
    var line = document.createElementNS(ns, 'polyline');
    line.setAttribute('points', pts.map(function (p) {
      return (((p.t - start) / span) * 300).toFixed(1) + ',' + (88 - (p[key] / max) * 84).toFixed(1);
    }).join(' '));
    var label = document.createElementNS(ns, 'text');
    label.setAttribute('x', '2'); label.setAttribute('y', '10'); label.setAttribute('font-size', '9'); label.setAttribute('fill', '#5a6275');
    label.textContent = 'max ' + format(max);
    svg.replaceChildren(line, label);
    $(id + '-last').textContent = pts.length ? '· now ' + format(pts[pts.length - 1][key]) : '· no data yet';
    svg.setAttribute('data-points', String(pts.length));
  }

  function renderQuality(view) {
    var q = view.quality;
    var tbody = document.querySelector('#quality tbody');
    if (!q) {
      fill(tbody, [row([{ text: view.qualityError ? 'unavailable: ' + view.qualityError : 'no quality figures yet', cls: 'down' }])]);
      return;
    }
    $('quality-window').textContent = '(articles indexed in the last ' + q.windowMinutes + ' min: ' + fmt(q.articles) + ')';
    var items = [
      ['articles per dump', q.articlesPerDump === null ? '–' : q.articlesPerDump.toFixed(2), 'articles-per-dump'],
      ['dumps yielding no article (15 min)', pct(q.emptyDumpShare), 'empty-dump-share'],
      ['empty bodies', pct(q.emptyBodyShare), 'empty-body-share'],
      ['very short bodies', pct(q.shortBodyShare), 'short-body-share'],
      ['missing publication date', pct(q.missingDateShare), 'missing-date-share'],
      ['missing author', pct(q.missingAuthorShare), 'missing-author-share'],
      ['exact duplicates', pct(q.duplicateShare), 'duplicate-share'],
      ['near-duplicates (same story)', pct(q.nearDuplicateShare), 'near-duplicate-share']
    ];
    fill(tbody, items.map(function (i) { return row([{ text: i[0] }, { text: i[1], name: i[2] }]); }));
    function mix(id, buckets) {
      fill(document.querySelector('#' + id + ' tbody'), buckets.map(function (b) {
        var bar = el('div', null, 'bar');
        bar.style.width = Math.round(b.share * 100) + '%';
        return row([{ text: b.key }, { text: pct(b.share) }, { node: bar }], { 'data-key': b.key });
      }));
    }
    mix('languages', q.languages);
    mix('topics', q.topics);
  }

  function renderArticles(view) {
    var tbody = document.querySelector('#latest-articles tbody');
    if (view.latestArticlesError) { fill(tbody, [row([{ text: 'unavailable: ' + view.latestArticlesError, cls: 'down' }])]); return; }
    fill(tbody, view.latestArticles.map(function (a) {
      var link = el('a', a.title || '(untitled)', null, { href: '/v1/articles/' + encodeURIComponent(a.id) });
      return row([{ node: link, cls: 'wrap', name: 'title' }, { text: a.source || '–' }, { text: a.language || '–' }, { text: a.topic || '–' }, { text: time(a.indexedAt) }], { 'data-article': a.id });
    }));
  }

  function replay(d, button) {
    var key = $('admin-key').value;
    sessionStorage.setItem('newsflow-admin-key', key);
    button.disabled = true;
    fetch('/v1/dead-letters/' + d.partition + '/' + encodeURIComponent(d.offset) + '/replay', { method: 'POST', headers: { 'x-api-key': key } })
      .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); })
      .then(function (r) {
        $('replay-result').textContent = r.ok ? 'replayed to ' + r.body.originalTopic : 'replay refused: ' + (r.body.detail || r.body.title);
        button.disabled = r.ok;
        if (r.ok) button.textContent = 'replayed';
      })
      .catch(function (e) { $('replay-result').textContent = 'replay failed: ' + e.message; button.disabled = false; });
  }

  function renderDeadLetters(view) {
    var tbody = document.querySelector('#dead-letters tbody');
    var rows = view.deadLetters.map(function (d) {
      var b = el('button', d.replayedAt ? 'replayed' : 'replay', null, { type: 'button', 'data-action': 'replay' });
      if (d.replayedAt) b.disabled = true;
      b.addEventListener('click', function () { replay(d, b); });
      return row([{ text: time(d.at) }, { text: d.stage }, { text: d.code, name: 'code' }, { text: d.message, cls: 'wrap', name: 'reason' }, { text: d.originalTopic }, { text: String(d.attempts) }, { node: b }], { 'data-dead-letter': d.partition + ':' + d.offset, 'data-code': d.code });
    });
    if (rows.length === 0) rows.push(row([{ text: view.deadLettersError ? 'unavailable: ' + view.deadLettersError : 'no dead letters' }]));
    fill(tbody, rows);
  }

  function renderTables(view) {
    var s = view.stats;
    if (!s) return;
    fill(document.querySelector('#stages tbody'), s.stages.map(function (st) {
      return row([
        { text: st.name },
        { text: st.status, cls: st.status === 'up' ? 'up' : 'down', name: 'state' },
        { text: fmt(st.messagesIn), name: 'in' },
        { text: fmt(st.messagesOut), name: 'out' },
        { text: fmt(st.failed), name: 'failed' },
        { text: fmt(st.deadLetters), name: 'dlq' },
        { text: secs(st.endToEndP50Seconds), name: 'p50' },
        { text: secs(st.endToEndP99Seconds), name: 'p99' }
      ], { 'data-stage': st.name });
    }));
    var rows = [];
    var total = 0;
    s.consumerLag.forEach(function (g) {
      total += g.total;
      if (g.partitions.length === 0) rows.push(row([{ text: g.group }, { text: g.topic }, { text: g.error ? 'error: ' + g.error : 'no partitions yet' }, { text: '' }, { text: '' }, { text: '' }], { 'data-group': g.group }));
      g.partitions.forEach(function (p) {
        rows.push(row([{ text: g.group }, { text: g.topic }, { text: String(p.partition) }, { text: p.committed < 0 ? 'none' : fmt(p.committed) }, { text: fmt(p.end) }, { text: fmt(p.lag), name: 'lag' }], { 'data-group': g.group, 'data-partition': String(p.partition) }));
      });
    });
    fill(document.querySelector('#lag tbody'), rows);
    $('total-lag').textContent = fmt(total);
    fill(document.querySelector('#queues tbody'), s.queues.map(function (q) {
      if (!q.ok) return row([{ text: q.name }, { text: 'unavailable: ' + q.error, cls: 'down' }, { text: '' }, { text: '' }, { text: '' }, { text: '' }], { 'data-queue': q.name });
      var c = q.counts;
      return row([{ text: q.name }, { text: fmt(c.waiting + c.prioritized), name: 'waiting' }, { text: fmt(c.active), name: 'active' }, { text: fmt(c.delayed), name: 'delayed' }, { text: fmt(c.failed), name: 'failed', cls: c.failed > 0 ? 'down' : '' }, { text: fmt(c.completed), name: 'completed' }], { 'data-queue': q.name });
    }));
    $('articles-indexed').textContent = fmt(s.articlesIndexed);
    var os = $('opensearch-status');
    os.textContent = s.opensearch.status || 'down';
    os.className = 'value ' + (s.opensearch.ok ? 'up' : 'down');
  }

  function render(view) {
    view.series.forEach(function (p) { series.push(p); since = Math.max(since, p.t); });
    var cut = Date.now() - HOUR;
    while (series.length && series[0].t < cut) series.shift();
    var point = series.length ? series[series.length - 1] : null;
    var overall = $('overall');
    var ok = view.stats && view.unhealthy.length === 0;
    overall.textContent = ok ? 'all up' : (view.stats ? view.unhealthy.length + ' not healthy' : 'no sample yet');
    overall.className = 'badge ' + (ok ? 'st-up' : 'st-down');
    fill($('unhealthy'), view.unhealthy.map(function (u) { return el('li', u.part + ': ' + u.status + ' — ' + u.reason, null, { 'data-part': u.part }); }));
    $('articles-rate').textContent = rate(last('articlesPerSec'));
    $('dlq-rate').textContent = rate(last('deadLettersPerSec'));
    // p99 of the latest interval that had observations (an idle pipeline keeps the last figure)
    $('e2e-p99').textContent = secs(lastKnown('e2eP99Seconds'));
    renderFlow(view, point);
    renderCards(view, point);
    chart('chart-articles', 'articlesPerSec', rate);
    chart('chart-lag', 'lag', fmt);
    chart('chart-e2e', 'e2eP99Seconds', function (v) { return v.toFixed(2); });
    chart('chart-dlq', 'deadLettersPerSec', rate);
    renderQuality(view);
    renderArticles(view);
    renderDeadLetters(view);
    renderTables(view);
    $('updated').textContent = new Date(view.generatedAt).toLocaleTimeString();
  }
  $('admin-key').value = sessionStorage.getItem('newsflow-admin-key') || '';
  function poll() {
    fetch('/v1/stats/dashboard?since=' + since, { cache: 'no-store' })
      .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
      .then(function (v) { render(v); $('status').textContent = v.samplerError ? 'sampler: ' + v.samplerError : 'live'; })
      .catch(function (e) { $('status').textContent = 'gateway unavailable: ' + e.message; })
      .finally(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
</script>
</body>
</html>
`;
