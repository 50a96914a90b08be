// The modeler for analysts: bpmn-js's Modeler with a small properties panel of Alur's own beside the
// canvas. The panel edits what docs/diagram-conventions.md puts on spiffworkflow:properties: an
// activity's nomor, mutu baku and fields, and the process's SOP header. Every edit is a bpmn-js
// command (undo/redo work). "Save" posts the XML to the server, which deploys it as a new version or
// answers with the engine's problems, shown on the elements and in a list.
(function () {
  'use strict';
  var source = document.getElementById('modeler-data');
  var container = document.getElementById('modeler-canvas');
  var panel = document.getElementById('modeler-panel');
  var messages = document.getElementById('modeler-messages');
  if (!source || !container || !panel) { return; }
  var data = JSON.parse(source.textContent);
  var S = data.strings;

  function failed() {
    container.classList.add('failed');
    container.textContent = container.getAttribute('data-failed');
  }
  if (typeof window.BpmnJS !== 'function' || !window.AlurSpiffModdle || !window.AlurModelerKit) { failed(); return; }

  // The engine's tables, from the page (webui/analyst.py modeler_constants).
  var C = data.constants;
  var MUTU = ['nomor'].concat(C.mutu_baku);
  var PENETAPAN = C.header_penetapan.map(function (key) { return 'penetapan.' + key; });
  var HEADER_KEYS = C.header_scalars.concat(C.header_lists, PENETAPAN);

  var modeler = new window.BpmnJS({
    container: container,
    moddleExtensions: { spiffworkflow: window.AlurSpiffModdle }
  });
  var modeling = modeler.get('modeling');
  var moddle = modeler.get('moddle');
  var canvas = modeler.get('canvas');
  var registry = modeler.get('elementRegistry');
  var selection = modeler.get('selection');
  var commandStack = modeler.get('commandStack');
  var overlays = modeler.get('overlays');
  var current = null;      // the element the panel shows (null: the SOP header)
  var committing = false;  // the panel itself is changing the diagram: do not redraw it meanwhile
  var saving = false;

  var kit = window.AlurModelerKit;
  var el = kit.el, labelled = kit.labelled, lines = kit.lines, pushFilled = kit.pushFilled, is = kit.is;
  var toIso = function (written) { return kit.toIso(written, C.units); };

  // ---- spiffworkflow:properties ---------------------------------------------------------------------------

  function propertiesOf(bo) {
    var ext = bo.extensionElements;
    var holder = ext && (ext.values || []).filter(function (v) { return v.$instanceOf('spiffworkflow:Properties'); })[0];
    return { ext: ext, holder: holder, list: holder ? (holder.values || []).map(function (p) {
      return { name: p.name || '', value: p.value || '' };
    }) : [] };
  }

  // The panel's own edits must not redraw the panel under the user's cursor.
  function quietly(change) {
    committing = true;
    try { change(); } finally { committing = false; }
  }

  // Replace the element's properties by `pairs` ([name, value], in order), as one command.
  function writeProperties(element, bo, pairs) {
    var found = propertiesOf(bo);
    if (!found.holder && !pairs.length) { return; }
    var values = pairs.map(function (pair) {
      return moddle.create('spiffworkflow:Property', { name: pair[0], value: pair[1] });
    });
    var holder = found.holder || moddle.create('spiffworkflow:Properties', { values: values });
    values.forEach(function (v) { v.$parent = holder; });
    quietly(function () {
      if (found.holder) {
        modeling.updateModdleProperties(element, holder, { values: values });
      } else if (found.ext) {
        holder.$parent = found.ext;
        modeling.updateModdleProperties(element, found.ext, { values: (found.ext.values || []).concat([holder]) });
      } else {
        var ext = moddle.create('bpmn:ExtensionElements', { values: [holder] });
        holder.$parent = ext;
        ext.$parent = bo;
        modeling.updateModdleProperties(element, bo, { extensionElements: ext });
      }
    });
  }

  function setDocumentation(element, bo, text) {
    var docs = text ? [moddle.create('bpmn:Documentation', { text: text })] : [];
    docs.forEach(function (d) { d.$parent = bo; });
    quietly(function () { modeling.updateModdleProperties(element, bo, { documentation: docs }); });
  }

  function documentationOf(bo) {
    return (bo.documentation || []).map(function (d) { return d.text || ''; }).join('\n');
  }

  // ---- the activity panel ---------------------------------------------------------------------------------

  function parseField(name, value) {
    try {
      var declared = JSON.parse(value);
      if (declared && typeof declared === 'object' && !Array.isArray(declared)) {
        return { name: name, label: declared.label || '', type: declared.type || 'text', required: !!declared.required,
                 choices: Array.isArray(declared.choices) ? declared.choices.map(String) : [],
                 requiredWhen: declared.required_when };
      }
    } catch (ignored) { /* left as written: the engine says what is wrong with it */ }
    return null;
  }

  function fieldJson(field) {
    var declared = { label: field.label || field.name, type: field.type };
    if (field.required) { declared.required = true; }
    if (field.type === 'choice' || field.type === 'checklist') { declared.choices = field.choices; }
    if (field.requiredWhen) { declared.required_when = field.requiredWhen; }  // kept as the importer wrote it
    return JSON.stringify(declared);
  }

  function renderTask(element) {
    var bo = element.businessObject;
    var found = propertiesOf(bo).list;
    var values = {};
    var others = [];
    var fields = [];
    found.forEach(function (p) {
      if (MUTU.indexOf(p.name) >= 0) { values[p.name] = p.value; return; }
      var field = p.name.indexOf('field.') === 0 ? parseField(p.name.slice(6), p.value) : null;
      if (field) { fields.push(field); } else { others.push([p.name, p.value]); }
    });
    var inputs = {};

    function commit() {
      var pairs = [];
      MUTU.forEach(function (key) { pushFilled(pairs, key, inputs[key].value); });
      pairs = pairs.concat(others);
      fields.forEach(function (f) { pairs.push(['field.' + f.name, fieldJson(f)]); });
      writeProperties(element, bo, pairs);
    }

    var name = el('input', { type: 'text', value: bo.name || '', 'data-prop': 'name' });
    name.addEventListener('change', function () {
      quietly(function () { modeling.updateLabel(element, name.value.trim()); });
    });
    var doc = el('textarea', { rows: '3', 'data-prop': 'documentation' });
    doc.value = documentationOf(bo);
    doc.addEventListener('change', function () { setDocumentation(element, bo, doc.value.trim()); });

    MUTU.forEach(function (key) {
      inputs[key] = el('input', { type: 'text', value: values[key] || '', 'data-prop': key });
      inputs[key].addEventListener('change', function () {
        if (key === 'waktu') {
          var iso = toIso(inputs.waktu.value);
          if (iso) { inputs.waktu_iso.value = iso; }
          inputs.waktu.classList.toggle('unreadable', !!inputs.waktu.value.trim() && !iso);
        }
        commit();
      });
    });

    var list = el('div', { className: 'fields' });
    function drawFields() {
      list.textContent = '';
      fields.forEach(function (field, index) { list.appendChild(fieldEditor(field, index)); });
    }
    function fieldEditor(field, index) {
      var fname = el('input', { type: 'text', value: field.name, pattern: '[a-z_][a-z0-9_]*', 'data-field': 'name', spellcheck: 'false' });
      var label = el('input', { type: 'text', value: field.label, 'data-field': 'label' });
      var type = el('select', { 'data-field': 'type' }, C.field_types.map(function (t) {
        return el('option', { value: t, text: S.types[t] || t, selected: t === field.type });
      }));
      var required = el('input', { type: 'checkbox', 'data-field': 'required', checked: field.required });
      var choices = el('textarea', { rows: '3', 'data-field': 'choices' });
      choices.value = field.choices.join('\n');
      var choiceRow = labelled(S.field_choices, choices);
      function showChoices() { choiceRow.hidden = !(type.value === 'choice' || type.value === 'checklist'); }
      showChoices();
      function update() {
        field.name = fname.value.trim();
        field.label = label.value.trim();
        field.type = type.value;
        field.required = required.checked;
        field.choices = lines(choices.value);
        showChoices();
        commit();
      }
      [fname, label, type, required, choices].forEach(function (input) { input.addEventListener('change', update); });
      var remove = el('button', { type: 'button', className: 'link danger', text: S.field_remove, onclick: function () {
        fields.splice(index, 1);
        commit();
        drawFields();
      } });
      return el('fieldset', { className: 'field-editor', 'data-field-index': String(index) }, [
        el('legend', { text: field.name || S.field_new }),
        labelled(S.field_name, fname), labelled(S.field_label, label), labelled(S.field_type, type),
        el('label', { className: 'check' }, [required, document.createTextNode(' ' + S.field_required)]),
        choiceRow, remove
      ]);
    }
    drawFields();
    var add = el('button', { type: 'button', id: 'field-add', text: S.field_add, onclick: function () {
      var taken = fields.map(function (f) { return f.name; });
      var n = fields.length + 1;
      while (taken.indexOf('isian_' + n) >= 0) { n += 1; }
      fields.push({ name: 'isian_' + n, label: S.field_new, type: 'text', required: false, choices: [] });
      commit();
      drawFields();
      var last = list.lastChild && list.lastChild.querySelector('[data-field=name]');
      if (last) { last.focus(); last.select(); }
    } });

    return [
      el('h2', { text: S.activity }),
      el('p', { className: 'muted small' }, [document.createTextNode(S.element + ' '), el('code', { text: element.id })]),
      labelled(S.name, name),
      labelled(S.nomor, inputs.nomor),
      labelled(S.documentation, doc),
      el('h3', { text: S.mutu_baku }),
    ].concat(C.mutu_baku.map(function (key) { return labelled(S[key] || key, inputs[key]); }), [
      el('h3', { text: S.fields }),
      el('p', { className: 'muted small', text: S.fields_hint }),
      list, add,
      el('hr'),
      el('button', { type: 'button', id: 'insert-after', text: S.insert_after, onclick: function () { insertAfter(element); } })
    ]);
  }

  // A new user task right below `element`, in the same lane: everything below moves down to make room,
  // the element's outgoing flows now leave the new task. One command, one undo.
  commandStack.registerHandler('alur.activity.insertAfter', function InsertAfter() {
    this.preExecute = function (context) {
      var source = context.source;
      var gap = 140;
      var start = source.y + source.height + 5;
      var all = registry.filter(function (e) { return e !== canvas.getRootElement() && e.type !== 'label'; });
      var adjustments = modeler.get('spaceTool').calculateAdjustments(all, 'y', gap, start);
      modeling.createSpace(adjustments.movingShapes, adjustments.resizingShapes, { x: 0, y: gap }, 's', start);
      var parent = source.parent;
      while (parent && parent.type === 'bpmn:Lane') { parent = parent.parent; }
      var outgoing = source.outgoing.slice();
      var shape = modeling.appendShape(source, { type: 'bpmn:UserTask' },
        { x: source.x + source.width / 2, y: source.y + source.height + 70 }, parent);
      outgoing.forEach(function (connection) {
        modeling.reconnectStart(connection, shape, { x: shape.x + shape.width / 2, y: shape.y + shape.height });
      });
      modeling.updateLabel(shape, S.new_activity);
      context.shape = shape;
    };
    this.execute = function () { return []; };
    this.revert = function () { return []; };
  });

  function insertAfter(element) {
    var context = { source: element };
    commandStack.execute('alur.activity.insertAfter', context);
    selection.select(context.shape);
    var name = panel.querySelector('[data-prop=name]');
    if (name) { name.focus(); name.select(); }
  }

  // ---- the SOP header panel -------------------------------------------------------------------------------

  function processTarget(element) {
    var root = canvas.getRootElement();
    if (element && is(element, 'bpmn:Participant') && element.businessObject.processRef) {
      return { element: element, bo: element.businessObject.processRef };
    }
    if (is(root, 'bpmn:Collaboration')) {
      var pool = registry.filter(function (e) {
        return is(e, 'bpmn:Participant') && e.businessObject.processRef && e.businessObject.processRef.isExecutable;
      })[0] || registry.filter(function (e) { return is(e, 'bpmn:Participant') && e.businessObject.processRef; })[0];
      return pool ? { element: pool, bo: pool.businessObject.processRef } : null;
    }
    return root.businessObject ? { element: root, bo: root.businessObject } : null;
  }

  function renderHeader(element) {
    var target = processTarget(element);
    if (!target) { return [el('p', { className: 'muted', text: S.other })]; }
    var found = propertiesOf(target.bo).list;
    var scalars = {}, lists = {}, others = [];
    found.forEach(function (p) {
      if (p.name.indexOf('sop.') !== 0) { others.push([p.name, p.value]); return; }
      var key = p.name.slice(4);
      var head = key.replace(/\.\d+$/, '');
      if (head !== key && C.header_lists.indexOf(head) >= 0) {
        (lists[head] = lists[head] || []).push(p.value);
      } else if (C.header_scalars.indexOf(key) >= 0 || PENETAPAN.indexOf(key) >= 0) {
        scalars[key] = p.value;
      } else {
        others.push([p.name, p.value]);
      }
    });
    var inputs = {};
    function commit() {
      var pairs = [];
      HEADER_KEYS.forEach(function (key) {
        if (C.header_lists.indexOf(key) < 0) { pushFilled(pairs, 'sop.' + key, inputs[key].value); return; }
        lines(inputs[key].value).forEach(function (item, n) { pairs.push(['sop.' + key + '.' + (n + 1), item]); });
      });
      writeProperties(target.element, target.bo, pairs.concat(others));
    }
    var rows = [el('h2', { text: S.header }), el('p', { className: 'muted small', text: S.header_hint })];
    HEADER_KEYS.forEach(function (key) {
      var isList = C.header_lists.indexOf(key) >= 0;
      var input = isList || key === 'disahkan_oleh' ? el('textarea', { rows: isList ? '3' : '2' }) : el('input', { type: 'text' });
      input.value = isList ? (lists[key] || []).join('\n') : (scalars[key] || '');
      input.setAttribute('data-header', key);
      input.addEventListener('change', commit);
      inputs[key] = input;
      rows.push(labelled(S.header_labels[key] || key, input));
    });
    return rows;
  }

  function renderOther(element) {
    var rows = [el('h2', { text: S.element }), el('p', {}, [el('code', { text: element.id })]),
                el('p', { className: 'muted', text: S.other })];
    if (element.type === 'bpmn:Task') {
      rows.push(el('button', { type: 'button', id: 'make-user-task', text: S.make_user_task, onclick: function () {
        var replaced = modeler.get('bpmnReplace').replaceElement(element, { type: 'bpmn:UserTask' });
        selection.select(replaced);
      } }));
    }
    return rows;
  }

  function render(element) {
    if (element && !registry.get(element.id)) { element = null; }
    current = element;
    panel.textContent = '';
    var parts;
    var showing = element ? element.id : 'header';
    if (element && is(element, 'bpmn:UserTask')) {
      parts = renderTask(element);
    } else if (!element || ['bpmn:Participant', 'bpmn:Lane', 'bpmn:Process', 'bpmn:Collaboration'].some(function (type) {
      return is(element, type);
    })) {  // a click on a lane's empty space, too
      parts = renderHeader(element);
      showing = 'header';
    } else {
      parts = renderOther(element);
    }
    panel.setAttribute('data-showing', showing);
    parts.forEach(function (part) { panel.appendChild(part); });
  }

  // ---- messages, problems and saving ----------------------------------------------------------------------

  var stateText = document.getElementById('modeler-state');
  var buttons = {
    save: document.getElementById('modeler-save'), undo: document.getElementById('modeler-undo'),
    redo: document.getElementById('modeler-redo'), fit: document.getElementById('modeler-fit')
  };

  // A diagram not yet deployed (an SOP draft) is worth saving as it is.
  function dirty() { return commandStack.canUndo() || (data.fresh && !leaving); }

  function refreshState() {
    buttons.save.disabled = saving || !dirty();
    buttons.undo.disabled = !commandStack.canUndo();
    buttons.redo.disabled = !commandStack.canRedo();
    stateText.textContent = saving ? S.saving : (dirty() ? S.unsaved : S.no_changes);
  }

  function clearProblems() {
    overlays.remove({ type: 'alur-error' });
    registry.forEach(function (element) { canvas.removeMarker(element, 'alur-error'); });
    messages.textContent = '';
  }

  function goTo(element) {
    selection.select(element);
    canvas.scrollToElement(element, { top: 100, bottom: 100, left: 100, right: 100 });
  }

  function showProblems(message, problems) {
    clearProblems();
    var box = el('div', { className: 'flash error', role: 'alert' }, [el('p', { text: message })]);
    if (problems.length) {
      var list = el('ol', { className: 'problems' });
      problems.forEach(function (problem, index) {
        var element = problem.element && registry.get(problem.element);
        if (element) {
          canvas.addMarker(element, 'alur-error');
          overlays.add(element, 'alur-error', { position: { top: -12, left: -12 },
                                                html: el('span', { className: 'alur-error-badge', text: String(index + 1) }) });
        }
        var where = problem.line ? S.line.replace('{line}', problem.line) : '';
        var item = el('li', { 'data-element': problem.element || '', className: element ? 'located' : '' }, [
          el('span', { className: 'where' }, [
            document.createTextNode(where + (problem.line && problem.element ? ' · ' : '')),
            problem.element ? document.createTextNode(S.element_word + ' ') : null,
            problem.element ? el('code', { text: problem.element }) : null
          ]),
          el('span', { className: 'what', text: problem.message })
        ]);
        if (element) {
          item.tabIndex = 0;
          item.addEventListener('click', function () { goTo(element); });
          item.addEventListener('keydown', function (event) { if (event.key === 'Enter') { goTo(element); } });
        }
        list.appendChild(item);
      });
      box.appendChild(list);
    }
    messages.appendChild(box);
    messages.scrollIntoView({ block: 'nearest' });
  }

  function save() {
    // A value typed but not yet left (no change event) counts too.
    if (document.activeElement && panel.contains(document.activeElement)) { document.activeElement.blur(); }
    saving = true;
    refreshState();
    modeler.saveXML({ format: true }).then(function (result) {
      return fetch(data.save_url, {
        method: 'POST', credentials: 'same-origin', body: result.xml,
        headers: { 'Content-Type': 'application/xml; charset=utf-8', 'X-CSRFToken': data.csrf, 'Accept': 'application/json' }
      });
    }).then(function (response) {
      var json = (response.headers.get('Content-Type') || '').indexOf('application/json') === 0;
      return (json ? response.json() : Promise.resolve(null)).then(function (body) { return { response: response, body: body }; });
    }).then(function (answer) {
      saving = false;
      if (answer.response.ok && answer.body && answer.body.redirect) {
        leaving = true;
        window.location.assign(answer.body.redirect);
        return;
      }
      refreshState();
      var body = answer.body || { message: S.failed.replace('{status}', answer.response.status) };
      showProblems(body.message, body.problems || []);
    }).catch(function (error) {
      saving = false;
      refreshState();
      console.error(error);
      showProblems(S.failed.replace('{status}', error.message || error), []);
    });
  }

  var leaving = false;
  window.addEventListener('beforeunload', function (event) {
    if (!leaving && dirty()) {
      event.preventDefault();
      event.returnValue = S.leave;
    }
  });

  buttons.save.addEventListener('click', save);
  buttons.undo.addEventListener('click', function () { commandStack.undo(); });
  buttons.redo.addEventListener('click', function () { commandStack.redo(); });
  buttons.fit.addEventListener('click', function () { canvas.zoom('fit-viewport', 'auto'); });

  // A tall SOP fitted whole is too small to read or edit: start at a readable size at its top, with room
  // on the left for the palette; "fit" still shows the whole diagram.
  function showTop() {
    canvas.zoom('fit-viewport', 'auto');
    var readable = 0.8;
    // On a phone the whole diagram is the better start: a readable part of it would be one empty lane.
    if (canvas.viewbox().scale >= readable || container.clientWidth < 700) { return; }
    var whole = canvas.viewbox().inner;
    canvas.zoom(readable);
    var box = canvas.viewbox();
    canvas.viewbox({ x: whole.x - 130, y: whole.y - 20, width: box.width, height: box.height });
  }

  var imported = false;
  modeler.on('selection.changed', function (event) {
    if (!imported) { return; }
    var selected = event.newSelection;
    render(selected.length === 1 ? selected[0] : null);
  });
  modeler.on('commandStack.changed', function () {
    refreshState();
    if (imported && !committing) { render(current); }
  });

  modeler.importXML(data.bpmn).then(function (result) {
    imported = true;
    showTop();
    render(null);
    refreshState();
    if (result.warnings && result.warnings.length) { console.warn(result.warnings); }
    container.setAttribute('data-ready', 'true');
    window.alurModeler = modeler;  // for the browser tests and the curious
  }).catch(function (error) {
    console.error(error);
    failed();
  });
})();
