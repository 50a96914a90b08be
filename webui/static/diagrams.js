// Diagrams for analysts, in bpmn-js's NavigatedViewer: every element with data-diagram="ID" shows the
// JSON in <script id="ID">: {bpmn, problems?, marks?}. A problem's element gets the alur-error marker and
// a numbered badge; a problem in the list (li[data-element]) scrolls to its element; marks maps element ids
// to a marker class (alur-added, alur-changed, alur-removed). Viewers sharing a data-sync group start on
// the same view (the larger diagram fitted) and pan and zoom together (two versions side by side); data-start="width"
// starts a tall diagram at its top, as wide as its box.
(function () {
  'use strict';
  if (typeof window.BpmnJS !== 'function') { return; }
  var groups = {};
  var syncBox = document.getElementById('sync-diagrams');

  function fail(container, error) {
    if (error) { console.error(error); }
    container.classList.add('failed');
    container.textContent = container.getAttribute('data-failed');
  }

  function badge(text) {
    var span = document.createElement('span');
    span.className = 'alur-error-badge';
    span.textContent = text;
    return span;
  }

  function show(container) {
    var source = document.getElementById(container.getAttribute('data-diagram'));
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var viewer = new window.BpmnJS({ container: container });
    var group = container.getAttribute('data-sync');
    viewer.importXML(data.bpmn).then(function () {
      var canvas = viewer.get('canvas');
      var registry = viewer.get('elementRegistry');
      var overlays = viewer.get('overlays');
      canvas.zoom('fit-viewport', 'auto');
      // data-start="width": a tall diagram (an SOP of many rows) starts readable at its top, as wide as the box.
      if (container.getAttribute('data-start') === 'width') {
        var box = canvas.viewbox(), inner = box.inner;
        var scale = Math.min(1, box.outer.width / (inner.width + 40));
        canvas.viewbox({ x: inner.x - 20, y: inner.y - 10, width: box.outer.width / scale, height: box.outer.height / scale });
      }
      Object.keys(data.marks || {}).forEach(function (id) {
        if (registry.get(id)) { canvas.addMarker(id, data.marks[id]); }
      });
      (data.problems || []).forEach(function (problem, index) {
        if (!problem.element || !registry.get(problem.element)) { return; }
        canvas.addMarker(problem.element, 'alur-error');
        overlays.add(problem.element, 'alur-error', { position: { top: -12, left: -12 }, html: badge(String(index + 1)) });
      });
      document.querySelectorAll('ol.problems li[data-element]').forEach(function (item) {
        var element = registry.get(item.getAttribute('data-element'));
        if (!element) { return; }
        item.classList.add('located');
        item.tabIndex = 0;
        function go() {
          container.scrollIntoView({ block: 'nearest' });
          canvas.zoom(1);
          canvas.scrollToElement(element, { top: 80, bottom: 80, left: 80, right: 80 });
        }
        item.addEventListener('click', go);
        item.addEventListener('keydown', function (event) { if (event.key === 'Enter') { go(); } });
      });
      if (group) { link(group, viewer); }
      container.setAttribute('data-ready', 'true');
    }).catch(function (error) { fail(container, error); });
  }

  // Pan and zoom the viewers of one group together while the checkbox is ticked.
  function link(group, viewer) {
    var members = groups[group] = groups[group] || [];
    members.push(viewer);
    // Start every member on the widest view among them, so that both diagrams have the same scale.
    var widest = members.map(function (m) { return m.get('canvas').viewbox(); })
      .sort(function (a, b) { return b.width * b.height - a.width * a.height; })[0];
    members.forEach(function (m) {
      m.get('canvas').viewbox({ x: widest.x, y: widest.y, width: widest.width, height: widest.height });
    });
    function same(a, b) {
      return ['x', 'y', 'width', 'height'].every(function (key) { return Math.abs(a[key] - b[key]) < 0.5; });
    }
    viewer.on('canvas.viewbox.changed', function (event) {
      if (syncBox && !syncBox.checked) { return; }
      var box = event.viewbox;
      members.forEach(function (other) {
        var canvas = other.get('canvas');
        // The other viewer answers with the same box: stop there.
        if (other !== viewer && !same(canvas.viewbox(), box)) {
          canvas.viewbox({ x: box.x, y: box.y, width: box.width, height: box.height });
        }
      });
    });
  }

  document.querySelectorAll('[data-diagram]').forEach(show);
})();
