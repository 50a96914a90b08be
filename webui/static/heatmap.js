// Where the work is now: each .heatmap container draws its process's diagram (bpmn-js NavigatedViewer) and
// colours every activity where running instances wait, by how many wait there or by how long the longest has
// waited; a badge gives the count, and a click on an activity opens the list of its instances.
// The data comes from the page (Alur.heatmap(process) with a link per activity).
(function () {
  'use strict';
  var LEVELS = 4;

  function level(value, most) {
    return value > 0 && most > 0 ? Math.max(1, Math.ceil(value / most * LEVELS)) : 0;
  }

  function draw(container) {
    var source = document.getElementById(container.getAttribute('data-source'));
    if (!source || typeof window.BpmnJS !== 'function') {
      container.classList.add('failed');
      container.textContent = container.getAttribute('data-failed');
      return;
    }
    var data = JSON.parse(source.textContent);
    var viewer = new window.BpmnJS({ container: container });
    viewer.importXML(data.bpmn).then(function () {
      var canvas = viewer.get('canvas');
      var registry = viewer.get('elementRegistry');
      var overlays = viewer.get('overlays');
      var byElement = {};
      data.activities.forEach(function (a) { byElement[a.element] = a; });
      var most = { count: 0, wait: 0 };
      data.activities.forEach(function (a) {
        most.count = Math.max(most.count, a.waiting);
        most.wait = Math.max(most.wait, a.longest_minutes);
      });

      function paint(mode) {
        data.activities.forEach(function (a) {
          if (!registry.get(a.element)) { return; }
          for (var n = 1; n <= LEVELS; n++) { canvas.removeMarker(a.element, 'heat-' + n); }
          var value = mode === 'wait' ? a.longest_minutes : a.waiting;
          canvas.addMarker(a.element, 'heat-' + level(value, mode === 'wait' ? most.wait : most.count));
        });
        container.setAttribute('data-mode', mode);
      }

      data.activities.forEach(function (a) {
        if (!registry.get(a.element)) { return; }
        var badge = document.createElement('a');
        badge.className = 'heat-badge' + (a.late ? ' late' : '');
        badge.href = a.link;
        badge.textContent = String(a.waiting);
        badge.title = a.title;
        overlays.add(a.element, { position: { top: -12, right: 12 }, html: badge });
        if (a.late) { canvas.addMarker(a.element, 'heat-late'); }
      });
      viewer.get('eventBus').on('element.click', function (event) {
        var a = byElement[event.element.id];
        if (a) { window.location.href = a.link; }
      });
      paint('count');
      canvas.zoom('fit-viewport', 'auto');  // the whole SOP: where the work is, at a glance (Ctrl + wheel zooms)
      var controls = document.querySelectorAll('input[name="' + container.id + '-mode"]');
      Array.prototype.forEach.call(controls, function (input) {
        input.addEventListener('change', function () { if (input.checked) { paint(input.value); } });
      });
      container.setAttribute('data-ready', 'true');
    }).catch(function (error) {
      console.error(error);
      container.classList.add('failed');
      container.textContent = container.getAttribute('data-failed');
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('.heatmap[data-source]'), draw);
})();
