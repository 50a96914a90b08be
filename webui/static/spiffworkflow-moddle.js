// A moddle extension for bpmn-js: the two SpiffWorkflow elements Alur diagrams use, typed, so that a
// modeler reads and writes <spiffworkflow:properties><spiffworkflow:property name=".." value=".."/>
// as objects (docs/diagram-conventions.md). Pass it as moddleExtensions: { spiffworkflow: AlurSpiffModdle }.
(function () {
  'use strict';
  window.AlurSpiffModdle = {
    name: 'SpiffWorkflow',
    prefix: 'spiffworkflow',
    uri: 'http://spiffworkflow.org/bpmn/schema/1.0/core',
    xml: { tagAlias: 'lowerCase' },
    associations: [],
    types: [
      {
        name: 'Properties',
        superClass: ['Element'],
        properties: [{ name: 'values', type: 'Property', isMany: true }]
      },
      {
        name: 'Property',
        superClass: ['Element'],
        properties: [
          { name: 'name', isAttr: true, type: 'String' },
          { name: 'value', isAttr: true, type: 'String' }
        ]
      }
    ]
  };
})();
