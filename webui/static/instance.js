// The instance's diagram in bpmn-js's NavigatedViewer, with markers (CSS classes) on what was done,
// what is waiting, and the flows taken. The data comes from the page (alur.diagram(instance)).
(function () {
  'use strict';
  var container = document.getElementById('diagram');
  var source = document.getElementById('diagram-data');
  if (!container || !source) { return; }

  function fail(error) {
    if (error) { console.error(error); }
    container.classList.add('failed');
    container.textContent = container.getAttribute('data-failed');
  }

  if (typeof window.BpmnJS !== 'function') { fail(new Error('bpmn-js did not load')); return; }

  var data = JSON.parse(source.textContent);
  var viewer = new window.BpmnJS({ container: container });
  var markers = { 'alur-done': data.done, 'alur-current': data.current, 'alur-taken': data.flows };
  var READABLE = 0.75;  // below this scale task names cannot be read

  function on(id, handler) {
    var button = document.getElementById(id);
    if (button) { button.addEventListener('click', handler); }
  }

  viewer.importXML(data.bpmn).then(function () {
    var canvas = viewer.get('canvas');
    var registry = viewer.get('elementRegistry');
    Object.keys(markers).forEach(function (marker) {
      markers[marker].forEach(function (id) {
        if (registry.get(id)) { canvas.addMarker(id, marker); }
      });
    });

    function fit() { canvas.zoom('fit-viewport', 'auto'); }
    // A tall SOP fitted whole is too small to read: show the waiting task (else the last done one)
    // at a readable size instead; "fit" still shows the whole diagram.
    function focus() {
      fit();
      var whole = canvas.viewbox().inner;
      var ids = data.current.length ? data.current : data.done;
      var element = ids.length ? registry.get(ids[ids.length - 1]) : null;
      if (!element || canvas.viewbox().scale >= READABLE) { return; }
      canvas.zoom(READABLE);
      var box = canvas.viewbox();
      var margin = 20;
      canvas.viewbox({ x: Math.max(whole.x - margin, element.x + element.width / 2 - box.width / 2),
                       y: Math.max(whole.y - margin, element.y + element.height / 2 - box.height / 2),
                       width: box.width, height: box.height });
    }
    focus();
    on('diagram-fit', fit);
    on('diagram-zoom-in', function () { canvas.zoom(canvas.zoom() * 1.25); });
    on('diagram-zoom-out', function () { canvas.zoom(canvas.zoom() / 1.25); });
    container.setAttribute('data-ready', 'true');
  }).catch(fail);
})();
