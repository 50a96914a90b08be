// Small DOM and text helpers for the modeler's panel (webui/static/modeler.js), which takes them from
// window.AlurModelerKit.
(function () {
  'use strict';
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === undefined || value === null || value === false) { return; }
      if (key === 'text') { node.textContent = value; } else if (key === 'className') { node.className = value; } else if (key.slice(0, 2) === 'on') { node.addEventListener(key.slice(2), value); } else { node.setAttribute(key, value === true ? '' : value); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  var uid = 0;
  function labelled(labelText, input) {
    uid += 1;
    input.id = input.id || 'p-' + uid;
    return el('div', { className: 'prop' }, [el('label', { 'for': input.id, text: labelText }), input]);
  }

  // As engine.timestandard.to_iso writes it ('007 menit' -> 'PT7M'); null when it cannot be read.
  function toIso(written, units) {
    var match = /^\s*(\d+)\s*([a-zA-Z]+)\s*$/.exec(written || '');
    var unit = match ? units[match[2].toLowerCase()] : null;
    if (!unit) { return null; }
    var amount = match[1].replace(/^0+(?=\d)/, '');
    if (unit === 'M' || unit === 'H') { return 'PT' + amount + unit; }
    return 'P' + amount + (unit === 'MO' ? 'M' : unit);
  }

  function lines(text) {
    return text.split('\n').map(function (line) { return line.trim(); }).filter(Boolean);
  }

  function pushFilled(pairs, name, value) {
    if (value.trim()) { pairs.push([name, value.trim()]); }
  }

  function is(element, type) {
    return element && element.businessObject && element.businessObject.$instanceOf(type);
  }

  window.AlurModelerKit = { el: el, labelled: labelled, toIso: toIso, lines: lines, pushFilled: pushFilled, is: is };
}());
