// The SOP table editor of SOP Baru (webui/templates/analyst_sop.html): the header items, the executor
// columns (pelaksana), and the rows, each with its lanes as checkboxes, its mutu baku and, for a decision,
// its question and answers with the rows they lead to. On submit the table goes as JSON (engine.sopap.Table)
// in the form's `table` field; the engine reads it as it reads a workbook (Alur.sop_from_table) and the page
// comes back with the problems, which this script puts on the rows they concern.
//
// Rows and lanes carry ids of their own, so that moving a row or renaming a lane keeps the marks and the
// decisions pointing where they did; the numbers (No) are written as the analyst typed them.
(function () {
  'use strict';
  var source = document.getElementById('sop-data');
  var root = document.getElementById('sop-editor');
  var form = document.getElementById('sop-form');
  if (!source || !root || !form || !window.AlurModelerKit) { return; }
  var data = JSON.parse(source.textContent);
  var S = data.strings, C = data.constants;
  var el = window.AlurModelerKit.el, labelled = window.AlurModelerKit.labelled;
  var ROW_TEXTS = ['kelengkapan', 'waktu', 'output', 'keterangan'];
  var END = 'selesai';
  var nextId = 0;
  function newId(prefix) { nextId += 1; return prefix + nextId; }

  // ---- the table as data ------------------------------------------------------------------------------

  var table = data.table || {};
  var state = {
    header: JSON.parse(JSON.stringify(table.header || {})),
    extra: { process_id: table.process_id || '', ringkasan: table.ringkasan || '', catatan: table.catatan || '',
             waktu_unit: table.waktu_unit || '' },
    lanes: (table.lanes && table.lanes.length ? table.lanes : ['']).map(function (name) { return { id: newId('l'), name: name }; }),
    rows: []
  };

  function laneId(name) {
    var found = state.lanes.filter(function (lane) { return lane.name === name; })[0];
    return found ? found.id : null;
  }

  function activity(fields) {
    var row = { id: newId('r'), kind: 'activity', no: '', kegiatan: '', marks: [], decision: null, line: null, keep: {} };
    ROW_TEXTS.forEach(function (key) { row[key] = ''; });
    return Object.assign(row, fields || {});
  }

  // 'Disetujui? setuju -> 6; tidak setuju -> 3' -> {question, answers: [{label, to}]} (to: a number as written)
  function parseDecision(text) {
    text = (text || '').trim();
    if (!text) { return null; }
    var mark = text.indexOf('?');
    var question = mark >= 0 ? text.slice(0, mark).trim() : (text.indexOf('->') >= 0 ? '' : text);
    var rest = mark >= 0 ? text.slice(mark + 1) : (text.indexOf('->') >= 0 ? text : '');
    var answers = rest.split(/[;\n]/).map(function (part) { return part.trim(); }).filter(Boolean).map(function (part) {
      var arrow = part.indexOf('->');
      return arrow < 0 ? { label: part, to: '' } : { label: part.slice(0, arrow).trim(), to: part.slice(arrow + 2).trim() };
    });
    return { question: question, answers: answers };
  }

  function load() {
    var part = '';
    (table.rows || []).forEach(function (row) {
      var title = row.part && !row.kegiatan && !row.no && !(row.lanes || []).length;
      if (title || (row.part && row.part !== part)) {
        part = row.part;
        state.rows.push({ id: newId('r'), kind: 'part', title: row.part });
        if (title) { return; }
      }
      var keep = {};
      ['nama', 'isian', 'catatan'].forEach(function (key) { keep[key] = row[key] || ''; });
      var loaded = activity({ no: row.no || '', kegiatan: row.kegiatan || '', line: row.line || null, keep: keep,
                              marks: (row.lanes || []).map(laneId).filter(Boolean), decision: parseDecision(row.keputusan) });
      ROW_TEXTS.forEach(function (key) { loaded[key] = row[key] || ''; });
      state.rows.push(loaded);
    });
    // Answers point at rows by id from here on: the number as written is looked up once.
    state.rows.forEach(function (row) {
      if (!row.decision) { return; }
      row.decision.answers.forEach(function (answer) {
        if (!answer.to) { answer.target = ''; return; }
        if (answer.to.toLowerCase() === END) { answer.target = END; return; }
        var wanted = norm(answer.to);
        var found = activities().filter(function (other) { return nomorOf(other).toLowerCase() === prefixOf(row) + wanted; })[0] ||
          activities().filter(function (other) { return nomorOf(other).toLowerCase() === wanted; })[0];
        answer.target = found ? found.id : 'raw:' + answer.to;
      });
    });
    if (!state.rows.length) { state.rows.push(activity({ no: '1' })); }
  }

  function activities() { return state.rows.filter(function (row) { return row.kind === 'activity'; }); }

  // The number as the engine reads it (engine/sopap/plan.py): a part titled 'B. ...' prefixes its rows' numbers,
  // '6' in part B is 'B6'. Problems name rows by it, and an answer leading into another part writes it.
  var PREFIX = /^\s*([A-Za-z])\s*[.)]\s+\S/;
  function norm(text) { return (text || '').normalize('NFKD').toLowerCase().replace(/[^a-z0-9]/g, ''); }
  function prefixOf(row) {
    var title = '';
    for (var i = 0; i < state.rows.length && state.rows[i] !== row; i += 1) {
      if (state.rows[i].kind === 'part') { title = state.rows[i].title; }
    }
    var match = PREFIX.exec(title);
    return match ? match[1].toLowerCase() : '';
  }
  function nomorOf(row) {
    var prefix = prefixOf(row), number = norm(row.no);
    if (prefix && number.indexOf(prefix) === 0 && /\d/.test(number.charAt(1))) { number = number.slice(1); }
    return prefix.toUpperCase() + number;
  }

  function targetText(target, from) {
    if (!target) { return ''; }
    if (target === END) { return END; }
    if (target.indexOf('raw:') === 0) { return target.slice(4); }
    var row = state.rows.filter(function (r) { return r.id === target; })[0];
    if (!row) { return ''; }
    return prefixOf(row) === prefixOf(from) ? row.no.trim() : nomorOf(row);
  }

  function decisionText(decision, from) {
    if (!decision) { return ''; }
    var question = decision.question.trim().replace(/\?+$/, '');
    var answers = decision.answers.filter(function (a) { return a.label.trim(); }).map(function (answer) {
      var to = targetText(answer.target, from);
      return answer.label.trim() + (to ? ' -> ' + to : '');
    });
    return (question ? question + '? ' : '') + answers.join('; ');  // no question: the engine asks the task's name
  }

  function toJson() {
    var part = '';
    var rows = [];
    state.rows.forEach(function (row) {
      if (row.kind === 'part') {  // a title is the `part` of the activities below it (as the reader gives it)
        part = row.title.trim();
        return;
      }
      var out = Object.assign({}, row.keep, { no: row.no.trim(), kegiatan: row.kegiatan.trim(), part: part,
        lanes: state.lanes.filter(function (lane) { return row.marks.indexOf(lane.id) >= 0; }).map(function (lane) { return lane.name.trim(); }),
        keputusan: decisionText(row.decision, row), line: null });
      ROW_TEXTS.forEach(function (key) { out[key] = row[key].trim(); });
      rows.push(out);
    });
    return Object.assign({}, state.extra, { header: state.header, rows: rows,
      lanes: state.lanes.map(function (lane) { return lane.name.trim(); }) });
  }

  // ---- changes, and the check that is now out of date -------------------------------------------------

  var dirty = false, submitting = false;
  function changed() {
    if (dirty) { return; }
    dirty = true;
    var note = document.getElementById('stale-note');
    if (note) { note.hidden = false; }
    ['sop-deploy', 'sop-open-modeler'].forEach(function (id) {
      var control = document.getElementById(id);
      if (!control) { return; }
      control.classList.add('disabled');
      control.setAttribute('aria-disabled', 'true');
      if (control.tagName === 'BUTTON') { control.disabled = true; }
    });
  }
  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a[aria-disabled=true]');
    if (link) { event.preventDefault(); }
  });
  root.addEventListener('input', changed);
  root.addEventListener('change', changed);
  window.addEventListener('beforeunload', function (event) {
    if (dirty && !submitting) { event.preventDefault(); event.returnValue = S.leave; }
  });
  form.addEventListener('submit', function () {
    submitting = true;
    document.getElementById('sop-table-json').value = JSON.stringify(toJson());
  });

  // ---- small controls ---------------------------------------------------------------------------------

  function input(value, onInput, attrs) {
    var box = el('input', Object.assign({ type: 'text', value: value || '' }, attrs || {}));
    box.addEventListener('input', function () { onInput(box.value); });
    return box;
  }

  function area(value, onInput, attrs) {
    var box = el('textarea', Object.assign({ rows: '2' }, attrs || {}));
    box.value = value || '';
    box.addEventListener('input', function () { onInput(box.value); });
    return box;
  }

  function tool(text, label, action, attrs) {
    return el('button', Object.assign({ type: 'button', className: 'tool', text: text, title: label, 'aria-label': label,
                                        onclick: function () { action(); changed(); } }, attrs || {}));
  }

  function move(list, index, by) {
    var to = index + by;
    if (to < 0 || to >= list.length) { return; }
    var item = list.splice(index, 1)[0];
    list.splice(to, 0, item);
  }

  // ---- the header ---------------------------------------------------------------------------------------

  function renderHeader() {
    var h = state.header;
    var scalars = el('div', { className: 'sop-grid' }, C.header_scalars.map(function (key) {
      return labelled(S.header_labels[key] || key, input(h[key], function (v) { h[key] = v; }, { 'data-header': key }));
    }));
    var lists = el('div', { className: 'sop-grid' }, C.header_lists.map(function (key) {
      return labelled(S.header_labels[key] || key, area((h[key] || []).join('\n'), function (v) {
        h[key] = v.split('\n').map(function (line) { return line.trim(); }).filter(Boolean);
      }, { 'data-header': key, rows: '3' }));
    }));
    var penetapan = el('div', { className: 'sop-grid' }, C.header_penetapan.map(function (key) {
      return labelled(S.header_labels['penetapan.' + key] || key, input((h.penetapan || {})[key], function (v) {
        h.penetapan = h.penetapan || {};
        h.penetapan[key] = v;
      }, { 'data-header': 'penetapan.' + key }));
    }));
    var id = labelled(S.process_id, input(state.extra.process_id, function (v) { state.extra.process_id = v; },
                                             { 'data-extra': 'process_id', placeholder: S.process_id_hint }));
    return el('fieldset', { className: 'sop-header', id: 'sop-header' }, [
      el('legend', { text: S.header }), el('div', { className: 'row-problems', 'data-problems': 'header' }),
      scalars, id,
      el('details', {}, [el('summary', { text: S.header_more }), lists, penetapan])
    ]);
  }

  // ---- the executor columns -----------------------------------------------------------------------------

  var lanesBox = el('fieldset', { className: 'sop-lanes', id: 'sop-lanes' });
  function renderLanes() {
    lanesBox.textContent = '';
    lanesBox.appendChild(el('legend', { text: S.lanes }));
    lanesBox.appendChild(el('p', { className: 'muted small', text: S.lanes_hint }));
    var list = el('ol', { className: 'lane-list' });
    state.lanes.forEach(function (lane, index) {
      var name = input(lane.name, function (v) { lane.name = v; }, { 'aria-label': S.lane_name.replace('{n}', index + 1), 'data-lane': index });
      name.addEventListener('change', renderRows);
      list.appendChild(el('li', {}, [name,
        tool('←', S.lane_left, function () { move(state.lanes, index, -1); renderLanes(); renderRows(); }, { disabled: index === 0 }),
        tool('→', S.lane_right, function () { move(state.lanes, index, 1); renderLanes(); renderRows(); }, { disabled: index === state.lanes.length - 1 }),
        tool('✕', S.lane_remove, function () { state.lanes.splice(index, 1); renderLanes(); renderRows(); }, { disabled: state.lanes.length === 1 })
      ]));
    });
    lanesBox.appendChild(list);
    lanesBox.appendChild(tool('+ ' + S.lane_add, S.lane_add, function () {
      state.lanes.push({ id: newId('l'), name: '' });
      renderLanes();
      renderRows();
      var inputs = lanesBox.querySelectorAll('input');
      inputs[inputs.length - 1].focus();
    }, { className: 'tool add', id: 'sop-add-lane' }));
  }

  // ---- the rows -----------------------------------------------------------------------------------------

  var rowsBox = el('div', { className: 'sop-rows', id: 'sop-rows' });

  function targetOptions(select, current) {
    select.textContent = '';
    select.appendChild(el('option', { value: '', text: S.target_next }));
    activities().forEach(function (row) {
      var words = row.kegiatan.trim().split(/\s+/).slice(0, 6).join(' ');
      select.appendChild(el('option', { value: row.id, text: (nomorOf(row) || '?') + '. ' + words }));
    });
    select.appendChild(el('option', { value: END, text: S.target_end }));
    if (current && current.indexOf('raw:') === 0) {
      select.appendChild(el('option', { value: current, text: S.target_missing.replace('{no}', current.slice(4)) }));
    }
    select.value = current || '';
  }

  function refreshTargets() {
    rowsBox.querySelectorAll('select[data-target]').forEach(function (select) { targetOptions(select, select.value); });
  }

  function renderDecision(row) {
    var box = el('div', { className: 'decision-edit' });
    if (!row.decision) { return box; }
    var d = row.decision;
    box.appendChild(labelled(S.question, input(d.question, function (v) { d.question = v; }, { 'data-field': 'question' })));
    var list = el('ol', { className: 'answers' });
    d.answers.forEach(function (answer, index) {
      var target = el('select', { 'data-target': index, 'aria-label': S.answer_target });
      targetOptions(target, answer.target);
      target.addEventListener('change', function () { answer.target = target.value; });
      list.appendChild(el('li', {}, [
        input(answer.label, function (v) { answer.label = v; }, { 'aria-label': S.answer_label, placeholder: S.answer_label, 'data-answer': index }),
        el('span', { className: 'arrow', text: '→', 'aria-hidden': 'true' }), target,
        tool('✕', S.answer_remove, function () { d.answers.splice(index, 1); renderRows(); }, { disabled: d.answers.length <= 2 })
      ]));
    });
    box.appendChild(list);
    box.appendChild(tool('+ ' + S.answer_add, S.answer_add, function () { d.answers.push({ label: '', target: '' }); renderRows(); }, { className: 'tool add' }));
    return box;
  }

  function renderActivity(row, index) {
    var card = el('div', { className: 'sop-row', 'data-row-id': row.id, 'data-index': index, 'data-no': nomorOf(row), 'data-line': row.line || '' });
    var no = input(row.no, function (v) { row.no = v; card.setAttribute('data-no', nomorOf(row)); }, { className: 'no', 'data-field': 'no', 'aria-label': S.no });
    no.addEventListener('change', refreshTargets);
    var marks = el('fieldset', { className: 'marks' }, [el('legend', { text: S.executor })].concat(state.lanes.map(function (lane, n) {
      var box = el('input', { type: 'checkbox', 'data-lane': n, checked: row.marks.indexOf(lane.id) >= 0 });
      box.addEventListener('change', function () {
        row.marks = row.marks.filter(function (id) { return id !== lane.id; });
        if (box.checked) { row.marks.push(lane.id); }
      });
      return el('label', { className: 'check' }, [box, document.createTextNode(lane.name || S.lane_unnamed.replace('{n}', n + 1))]);
    })));
    var kegiatan = area(row.kegiatan, function (v) { row.kegiatan = v; }, { 'data-field': 'kegiatan' });
    kegiatan.addEventListener('change', refreshTargets);
    var mutu = el('div', { className: 'sop-grid mutu' }, ROW_TEXTS.map(function (key) {
      return labelled(S[key], input(row[key], function (v) { row[key] = v; }, { 'data-field': key, placeholder: key === 'waktu' ? S.waktu_hint : '' }));
    }));
    var isDecision = el('input', { type: 'checkbox', 'data-field': 'is-decision', checked: !!row.decision });
    isDecision.addEventListener('change', function () {
      row.decision = isDecision.checked ? { question: '', answers: [{ label: S.yes, target: '' }, { label: S.no_answer, target: '' }] } : null;
      renderRows();
    });
    var notes = el('details', { className: 'row-more' }, [el('summary', { text: S.more }),
      labelled(S.nama, input(row.keep.nama, function (v) { row.keep.nama = v; }, { 'data-field': 'nama' })),
      labelled(S.isian, input(row.keep.isian, function (v) { row.keep.isian = v; }, { 'data-field': 'isian', placeholder: S.isian_hint })),
      labelled(S.catatan, area(row.keep.catatan, function (v) { row.keep.catatan = v; }, { 'data-field': 'catatan' }))]);
    card.appendChild(el('div', { className: 'row-head' }, [
      el('label', { className: 'no-label' }, [document.createTextNode(S.no + ' '), no]), marks,
      el('div', { className: 'row-tools' }, [
        tool('↑', S.row_up, function () { move(state.rows, index, -1); renderRows(); }, { disabled: index === 0 }),
        tool('↓', S.row_down, function () { move(state.rows, index, 1); renderRows(); }, { disabled: index === state.rows.length - 1 }),
        tool('+', S.row_insert, function () { state.rows.splice(index + 1, 0, activity()); renderRows(); }),
        tool('✕', S.row_remove, function () { remove(index); }, { disabled: activities().length === 1 && row.kind === 'activity' })
      ])
    ]));
    card.appendChild(el('div', { className: 'row-problems' }));
    card.appendChild(labelled(S.kegiatan, kegiatan));
    card.appendChild(mutu);
    card.appendChild(el('label', { className: 'check' }, [isDecision, document.createTextNode(S.decision)]));
    card.appendChild(renderDecision(row));
    card.appendChild(notes);
    return card;
  }

  function renderPart(row, index) {
    return el('div', { className: 'sop-part', 'data-row-id': row.id, 'data-index': index }, [
      labelled(S.part_title, input(row.title, function (v) { row.title = v; }, { 'data-field': 'part', placeholder: S.part_hint })),
      el('div', { className: 'row-tools' }, [
        tool('↑', S.row_up, function () { move(state.rows, index, -1); renderRows(); }, { disabled: index === 0 }),
        tool('↓', S.row_down, function () { move(state.rows, index, 1); renderRows(); }, { disabled: index === state.rows.length - 1 }),
        tool('✕', S.part_remove, function () { remove(index); })
      ])
    ]);
  }

  function remove(index) {
    var gone = state.rows.splice(index, 1)[0];
    // An answer that led to the removed row now leads nowhere the analyst chose: say so on the next check.
    state.rows.forEach(function (row) {
      (row.decision ? row.decision.answers : []).forEach(function (answer) {
        if (answer.target === gone.id) { answer.target = 'raw:' + gone.no; }
      });
    });
    renderRows();
  }

  function renumber() {
    var n = 0;
    state.rows.forEach(function (row) {
      if (row.kind === 'part') { n = 0; return; }
      n += 1;
      row.no = String(n);
    });
    renderRows();
  }

  function renderRows() {
    rowsBox.textContent = '';
    state.rows.forEach(function (row, index) {
      rowsBox.appendChild(row.kind === 'part' ? renderPart(row, index) : renderActivity(row, index));
    });
    showProblems();
  }

  // ---- the engine's problems, on the rows they concern ----------------------------------------------------

  function problemItem(problem) {
    return el('li', { className: problem.severity }, [el('span', { className: 'what', text: problem.message })]);
  }

  function showProblems() {
    var general = document.getElementById('sop-general-problems');
    general.textContent = '';
    root.querySelectorAll('.row-problems').forEach(function (box) { box.textContent = ''; });
    root.querySelectorAll('.sop-row').forEach(function (card) { card.classList.remove('error', 'warning'); });
    (data.problems || []).forEach(function (problem) {
      var card = cardFor(problem);
      var box = card ? card.querySelector('.row-problems')
        : (/identitas/i.test(problem.sheet || '') ? root.querySelector('[data-problems=header]') : general);
      if (!box.firstChild) { box.appendChild(el('ul', { className: 'sop-problem-list' })); }
      box.firstChild.appendChild(problemItem(problem));
      if (card && !card.classList.contains('error')) { card.classList.add(problem.severity === 'error' ? 'error' : 'warning'); }
    });
  }

  function cardFor(problem) {
    if (/identitas/i.test(problem.sheet || '')) { return null; }
    var cards = Array.prototype.slice.call(root.querySelectorAll('.sop-row'));
    return cards.filter(function (card) { return problem.row && card.getAttribute('data-line') === String(problem.row); })[0] ||
      cards.filter(function (card) { return problem.no && card.getAttribute('data-no') === String(problem.no); })[0] || null;
  }

  // A problem in the result list above takes the analyst to its row.
  function linkProblems() {
    document.querySelectorAll('ol.sop-problems li').forEach(linkProblem);
  }
  function linkProblem(item) {
    var where = { row: item.getAttribute('data-row'), no: item.getAttribute('data-no'), sheet: '' };
    if (!cardFor(where)) { return; }
    item.classList.add('located');
    item.tabIndex = 0;
    function go() {
      var card = cardFor(where);  // found again: the rows may have been drawn anew since
      if (!card) { return; }
      card.scrollIntoView({ block: 'center' });
      var first = card.querySelector('textarea, input');
      if (first) { first.focus({ preventScroll: true }); }
    }
    item.addEventListener('click', go);
    item.addEventListener('keydown', function (event) { if (event.key === 'Enter') { go(); } });
  }

  // ---- the page ---------------------------------------------------------------------------------------------

  load();
  root.appendChild(el('div', { id: 'sop-general-problems', className: 'row-problems' }));
  root.appendChild(renderHeader());
  renderLanes();
  root.appendChild(lanesBox);
  root.appendChild(el('h3', { text: S.rows }));
  root.appendChild(rowsBox);
  root.appendChild(el('div', { className: 'buttons-row' }, [
    tool('+ ' + S.row_add, S.row_add, function () { state.rows.push(activity({ no: String(activities().length + 1) })); renderRows(); }, { className: 'tool add', id: 'sop-add-row' }),
    tool('+ ' + S.part_add, S.part_add, function () { state.rows.push({ id: newId('r'), kind: 'part', title: '' }); renderRows(); }, { className: 'tool add', id: 'sop-add-part' }),
    tool(S.renumber, S.renumber, renumber, { className: 'tool add', id: 'sop-renumber' })
  ]));
  renderRows();
  linkProblems();
  document.getElementById('sop-submit').hidden = false;
  root.setAttribute('data-ready', 'true');
  window.alurSopTable = toJson;  // for the browser tests and the curious
}());
