// The instance's diagram in bpmn-js's NavigatedViewer, with markers (CSS classes) on what was done,
// what is waiting, and the flows taken. The data comes from the page (alur.diagram(instance), or on the
// replay page alur.replay(instance, step)["highlight"]). Once the diagram is shown, window.alurDiagram.mark()
// moves the markers to other data (the replay page's steps) without drawing the diagram again.
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
  var MARKERS = { 'alur-done': 'done', 'alur-current': 'current', 'alur-taken': 'flows' };
  var READABLE = 0.75;  // below this scale task names cannot be read

  function on(id, handler) {
    var button = document.getElementById(id);
    if (button) { button.addEventListener('click', handler); }
  }

  viewer.importXML(data.bpmn).then(function () {
    var canvas = viewer.get('canvas');
    var registry = viewer.get('elementRegistry');
    var marked = [];

    function mark(next) {
      marked.forEach(function (pair) { canvas.removeMarker(pair[0], pair[1]); });
      marked = [];
      Object.keys(MARKERS).forEach(function (marker) {
        (next[MARKERS[marker]] || []).forEach(function (id) {
          if (registry.get(id)) { canvas.addMarker(id, marker); marked.push([id, marker]); }
        });
      });
    }

    // The element to look at: the waiting task, else the last one done.
    function focusElement(next) {
      var ids = next.current.length ? next.current : next.done;
      return ids.length ? registry.get(ids[ids.length - 1]) : null;
    }

    function centre(element) {
      var box = canvas.viewbox();
      var whole = box.inner;
      var margin = 20;
      canvas.viewbox({ x: Math.max(whole.x - margin, element.x + element.width / 2 - box.width / 2),
                       y: Math.max(whole.y - margin, element.y + element.height / 2 - box.height / 2),
                       width: box.width, height: box.height });
    }

    function fit() { canvas.zoom('fit-viewport', 'auto'); }
    // A tall SOP fitted whole is too small to read: show the focus element at a readable size instead;
    // "fit" still shows the whole diagram.
    function focus() {
      fit();
      var element = focusElement(data);
      if (!element || canvas.viewbox().scale >= READABLE) { return; }
      canvas.zoom(READABLE);
      centre(element);
    }

    // After a step: keep the user's zoom, but bring the focus element into view if it is outside.
    function reveal(next) {
      var element = focusElement(next);
      if (!element) { return; }
      var box = canvas.viewbox();
      var inside = element.x >= box.x && element.y >= box.y && element.x + element.width <= box.x + box.width &&
                   element.y + element.height <= box.y + box.height;
      if (!inside) { centre(element); }
    }

    mark(data);
    focus();
    on('diagram-fit', fit);
    on('diagram-zoom-in', function () { canvas.zoom(canvas.zoom() * 1.25); });
    on('diagram-zoom-out', function () { canvas.zoom(canvas.zoom() / 1.25); });
    window.alurDiagram = {
      version: data.version,
      mark: function (next) { data = next; mark(next); reveal(next); }
    };
    container.setAttribute('data-ready', 'true');
    container.dispatchEvent(new CustomEvent('alur:diagram-ready'));
  }).catch(fail);
})();
