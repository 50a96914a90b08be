// The replay page's slider and previous/next, without reloading the page. Without JavaScript the same
// controls are links and a GET form (?step=N) that the server answers with the whole page; with it, the
// page for the chosen step is fetched, its state panel replaces this one's content and the diagram's markers
// move (window.alurDiagram from instance.js), keeping the user's zoom. The URL follows (?step=N).
(function () {
  'use strict';
  var form = document.getElementById('replay-form');
  var slider = document.getElementById('replay-step');
  var output = document.getElementById('replay-step-out');
  if (!form || !slider || !output || !window.fetch || !window.DOMParser) { return; }

  var base = form.getAttribute('data-url');
  var steps = parseInt(form.getAttribute('data-steps'), 10);
  var prev = document.getElementById('replay-prev');
  var next = document.getElementById('replay-next');
  var shown = parseInt(slider.value, 10);  // the step the page shows
  var wanted = shown;                       // the step asked for last: a late answer for another is dropped
  var timer = null;
  form.classList.add('enhanced');

  function urlOf(step) { return base + '?step=' + step; }

  function setLink(link, step, enabled) {
    if (enabled) {
      link.setAttribute('href', urlOf(step));
      link.removeAttribute('aria-disabled');
      link.classList.remove('disabled');
    } else {
      link.removeAttribute('href');
      link.setAttribute('aria-disabled', 'true');
      link.classList.add('disabled');
    }
  }

  function controls(step) {
    slider.value = step;
    output.textContent = step;
    setLink(prev, step - 1, step > 1);
    setLink(next, step + 1, step < steps);
  }

  function show(step, doc) {
    var data = JSON.parse(doc.getElementById('diagram-data').textContent);
    if (!window.alurDiagram || window.alurDiagram.version !== data.version) {
      window.location.assign(urlOf(step));  // not drawn yet, or another version's diagram: load the page
      return;
    }
    var panel = document.getElementById('replay-state');
    var fresh = doc.getElementById('replay-state');
    panel.innerHTML = fresh.innerHTML;
    panel.setAttribute('data-step', fresh.getAttribute('data-step'));
    document.getElementById('diagram-data').textContent = JSON.stringify(data);
    window.alurDiagram.mark(data);
    document.title = doc.title;
    shown = step;
    window.history.replaceState(null, '', urlOf(step));
  }

  function load(step) {
    step = Math.max(1, Math.min(steps, step));
    wanted = step;
    controls(step);
    if (step === shown) { return; }
    form.setAttribute('aria-busy', 'true');
    fetch(urlOf(step), { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
      .then(function (response) {
        if (!response.ok) { throw new Error('HTTP ' + response.status); }
        return response.text();
      })
      .then(function (html) {
        if (step === wanted) { show(step, new DOMParser().parseFromString(html, 'text/html')); }
      })
      .catch(function (error) {
        console.error(error);
        window.location.assign(urlOf(step));  // the server-rendered page says what went wrong
      })
      .then(function () {
        if (step === wanted) { form.removeAttribute('aria-busy'); }
      });
  }

  form.addEventListener('click', function (event) {
    var link = event.target.closest('#replay-prev, #replay-next');
    if (!link) { return; }
    event.preventDefault();
    if (link.getAttribute('aria-disabled') !== 'true') { load(wanted + (link === next ? 1 : -1)); }
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    load(parseInt(slider.value, 10));
  });
  slider.addEventListener('input', function () {
    output.textContent = slider.value;
    clearTimeout(timer);
    timer = setTimeout(function () { load(parseInt(slider.value, 10)); }, 120);
  });
  document.addEventListener('keydown', function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    if (/^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(event.target.tagName) || event.target.isContentEditable) { return; }
    if (event.key === 'ArrowLeft') { load(wanted - 1); }
    if (event.key === 'ArrowRight') { load(wanted + 1); }
  });
})();
