// leadrouter console: the live feed's event stream and the charts. Everything else is htmx.
(function () {
  function feed() {
    var rows = document.getElementById('feed-rows');
    if (!rows || !window.EventSource) return;
    var events = new EventSource('/feed/events?since=' + encodeURIComponent(rows.dataset.since));
    events.addEventListener('assignment', function (e) {
      var holder = document.createElement('tbody');
      holder.innerHTML = e.data;
      var row = holder.firstElementChild;
      if (row && !document.getElementById(row.id)) {
        row.classList.add('new');
        rows.insertBefore(row, rows.firstChild);
      }
    });
  }

  function charts(root) {
    if (!window.Chart) return;
    var sla = root.querySelector ? root.querySelector('#sla-chart') : null;
    if (sla && !sla.dataset.drawn) {
      var d = JSON.parse(sla.dataset.chart);
      sla.dataset.drawn = '1';
      new Chart(sla, {
        type: 'bar',
        data: { labels: d.labels, datasets: [
          { label: 'p50 minutes to first touch', data: d.p50 },
          { label: 'p90 minutes to first touch', data: d.p90 },
          { label: 'breach rate %', data: d.breach, type: 'line', yAxisID: 'pct' }] },
        options: { animation: false, scales: { pct: { position: 'right', min: 0, max: 100 } } }
      });
    }
    var bt = root.querySelector ? root.querySelector('#backtest-chart') : null;
    if (bt && !bt.dataset.drawn) {
      var b = JSON.parse(bt.dataset.chart);
      bt.dataset.drawn = '1';
      new Chart(bt, {
        type: 'bar',
        data: { labels: b.labels, datasets: [
          { label: 'leads per rep, published', data: b.before },
          { label: 'leads per rep, draft', data: b.after }] },
        options: { animation: false }
      });
    }
  }

  // The matrix editor opened for one rep: select the first line that names them.
  function repLine() {
    var box = document.getElementById('rep-lines');
    var editor = document.getElementById('matrix-source');
    if (!box || !editor || !box.dataset.line) return;
    var line = parseInt(box.dataset.line, 10);
    var lines = editor.value.split('\n');
    var start = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i++) start += lines[i].length + 1;
    var end = start + (lines[line - 1] || '').length;
    editor.focus();
    editor.setSelectionRange(start, end);
    var lineHeight = parseFloat(getComputedStyle(editor).lineHeight) || 18;
    editor.scrollTop = Math.max(0, (line - 4) * lineHeight);
  }

  document.addEventListener('DOMContentLoaded', function () {
    feed();
    charts(document);
    repLine();
  });
  document.addEventListener('htmx:afterSettle', function (e) { charts(e.detail.elt); });
  // Show a refused change (4xx/5xx) where its result would have gone, instead of dropping it.
  document.addEventListener('htmx:beforeSwap', function (e) {
    if (e.detail.xhr.status >= 400 && e.detail.xhr.status !== 401) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });
})();
