// Small and optional: without it every environment is shown one after the other, unfiltered.
// Tabs switch environments; the filters act on the findings table, the matrix rows and the graph.
export const SCRIPT = `
(function () {
  document.documentElement.classList.add('js');
  var tabs = [].slice.call(document.querySelectorAll('.tabs [role=tab]'));
  var sections = [].slice.call(document.querySelectorAll('section.environment'));
  function show(env) {
    tabs.forEach(function (t) { t.setAttribute('aria-selected', String(t.dataset.environment === env)); });
    sections.forEach(function (s) { s.hidden = s.dataset.environment !== env; });
    document.body.dataset.environment = env;
    apply();
  }
  tabs.forEach(function (t) { t.addEventListener('click', function () { show(t.dataset.environment); }); });

  var f = { rule: document.getElementById('f-rule'), severity: document.getElementById('f-severity'), service: document.getElementById('f-service'), setting: document.getElementById('f-setting') };
  function apply() {
    var rule = f.rule.value, sev = f.severity.value, svc = f.service.value, text = f.setting.value.trim().toLowerCase();
    var shown = 0;
    document.querySelectorAll('table.findings tbody tr').forEach(function (tr) {
      var ok = (!rule || tr.dataset.rule === rule) && (!sev || tr.dataset.severity === sev) &&
        (!svc || (' ' + tr.dataset.services + ' ').indexOf(' ' + svc + ' ') >= 0) && (!text || tr.dataset.setting.toLowerCase().indexOf(text) >= 0);
      tr.classList.toggle('filtered-out', !ok);
      if (ok && !tr.closest('section').hidden) shown++;
    });
    document.querySelectorAll('table.matrix tbody tr').forEach(function (tr) {
      var ok = (!text || tr.dataset.setting.toLowerCase().indexOf(text) >= 0) && (!rule || (' ' + tr.dataset.rules + ' ').indexOf(' ' + rule + ' ') >= 0);
      tr.classList.toggle('filtered-out', !ok);
    });
    document.querySelectorAll('table.matrix [data-service]').forEach(function (th) { th.classList.toggle('picked', !!svc && th.dataset.service === svc); });
    document.querySelectorAll('svg.graph .node, svg.graph .edge').forEach(function (el) {
      var mine = !svc || el.dataset.service === svc || el.dataset.client === svc || el.dataset.target === svc;
      el.classList.toggle('dim', !mine);
    });
    document.getElementById('shown-count').textContent = String(shown);
    document.getElementById('shown-word').textContent = shown === 1 ? 'finding' : 'findings';
  }
  Object.keys(f).forEach(function (k) { f[k].addEventListener(k === 'setting' ? 'input' : 'change', apply); });
  document.querySelectorAll('button.pick').forEach(function (b) {
    b.addEventListener('click', function () { f.rule.value = b.dataset.pickRule; apply(); document.querySelector('section.environment:not([hidden]) table.findings').scrollIntoView(); });
  });
  var only = document.getElementById('only-flagged');
  only.addEventListener('change', function () { document.body.classList.toggle('only-flagged', only.checked); });

  document.querySelectorAll('button.sort').forEach(function (b) {
    b.addEventListener('click', function () {
      var table = b.closest('table'), body = table.tBodies[0], key = b.dataset.sort;
      var dir = b.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
      table.querySelectorAll('button.sort').forEach(function (o) { o.removeAttribute('aria-sort'); });
      b.setAttribute('aria-sort', dir);
      var rows = [].slice.call(body.rows);
      rows.sort(function (x, y) {
        var a = x.dataset[key.replace(/-(\\w)/g, function (_, c) { return c.toUpperCase(); })] || '', c = y.dataset[key.replace(/-(\\w)/g, function (_, c) { return c.toUpperCase(); })] || '';
        var r = a.localeCompare(c, undefined, { numeric: true });
        return dir === 'ascending' ? r : -r;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  if (tabs.length) show(tabs[0].dataset.environment); else apply();
})();
`;
