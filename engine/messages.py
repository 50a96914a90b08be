"""What Alur says, by code: the English text of every refusal, finding and change (the gettext msgid, with
the code as its context), and `render`, which says a message in a language. Indonesian lives in
`engine/locale/id.po`; a test fails when a code has no Indonesian text there.

The faces choose the language (the web UI Indonesian with an English switch, the command line English or
`ALUR_LANG=id`) and the time zone dates are shown in; the texts hold no command-line hint and no web link,
which each face adds in its own way.

A text is a `str.format` template over the message's parameters; a pair (singular, plural) is chosen by the
parameter `count`. Parameters that are lists are joined, messages rendered, members of the vocabulary named
in the language, and timestamps shown in the face's time zone.
"""

from datetime import datetime
from enum import Enum
from pathlib import Path

from . import translations
from .copystore_texts import TEXTS as COPYSTORE_TEXTS
from .people_texts import TEXTS as PEOPLE_TEXTS
from .results import Message

LOCALE = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "id")

TEXTS = {
    # Reading a file
    "file.unreadable": "cannot read the file ({reason})",
    "xml.too_large": "the file is {megabytes} MB; Alur takes diagrams up to {limit} MB: is this the right file?",
    "xml.declaration": "DTD and entity declarations are not allowed in a diagram (they can expand or fetch "
                       "content): remove the <!DOCTYPE ...> block",
    "xml.malformed": "this is not well-formed XML ({detail}): save the diagram again from the modeler",
    # Checking a diagram
    "diagram.refused": ("the diagram was refused: {count} problem", "the diagram was refused: {count} problems"),
    "diagram.schema": "not valid BPMN 2.0: {detail}",
    "diagram.no_process": "the file has no process: draw the SOP in a pool, then save",
    "diagram.not_executable": "the process is not executable: tick 'Executable' on the pool",
    "diagram.reserved_id": "the id '{id}' is reserved by the engine: give the element another id",
    "diagram.script_task": "a script task cannot run in Alur, which runs no code from diagrams: make it a user task "
                           "that a lane performs",
    "diagram.service_task": "a service task cannot run in Alur, which calls no services from diagrams: make it a "
                            "user task that a lane performs",
    "diagram.untyped_task": "the task '{name}' has no type: make it a user task (wrench icon > User task in the "
                            "modeler)",
    "diagram.manual_task": "the manual task '{name}' cannot run in Alur: make it a user task, so that the lane's "
                           "staff complete it in Alur",
    "diagram.not_runnable": "a {kind} cannot run in Alur, which runs user tasks, gateways and plain start and end "
                            "events: replace it",
    "diagram.event_trigger": "events with a trigger (timer, message, ...) are not supported: use a plain event",
    "diagram.script": "Alur runs no scripts from diagrams: remove the pre- or post-script",
    "diagram.loop_marker": "loop markers are not supported: draw the loop with a gateway and a flow back",
    "diagram.nameless_property": "a property has no name: give it one (nomor, waktu, field.NAME, ...) or remove it",
    "diagram.nameless_lane": "the lane has no name: name it exactly as the executor (pelaksana) column",
    "diagram.duplicate_lane": "two lanes are named '{lane}': each executor column is one lane",
    "diagram.task_outside_lanes": "the user task '{name}' lies outside every named lane: move it into its "
                                  "executor's lane",
    "diagram.field_is_function": "the field '{field}' has the name of a function: rename it",
    "diagram.waktu_disagrees": "waktu '{waktu}' and waktu_iso '{iso}' disagree: waktu_iso should be '{expected}'",
    "diagram.waktu_iso_alone": "waktu_iso is set but waktu is not: write the time standard as in the SOP, such as "
                               "'1 hari'",
    "diagram.flow_source_missing": "the flow does not start at an element of this process: connect it to a task, "
                                   "gateway or event again",
    "diagram.flow_target_missing": "the flow does not end at an element of this process: connect it to a task, "
                                   "gateway or event again",
    "diagram.condition_not_at_gateway": "conditions belong on flows out of an exclusive gateway: put a gateway "
                                        "after the decision",
    "diagram.gateway_bare_flows": (
        "the flow {flows} out of this gateway has no condition and is not the default: give it a condition such "
        "as keputusan == \"setuju\", or mark it as the default flow",
        "the flows {flows} out of this gateway have no condition and none is the default: give each a condition "
        "such as keputusan == \"setuju\", or mark one as the default flow"),
    "diagram.condition_refused": "condition refused: {reason}",
    "diagram.condition_unknown_name": "the condition '{condition}' uses '{field}', which no activity of this "
                                      "process records: declare it as a field (field.{field}) on the deciding task",
    "diagram.engine_refused": "the workflow engine cannot read this diagram: {detail}",
    "deploy.duplicate_process": "the process '{process}' is also in {other}: deploy one file per process",
    # Fields and data
    "field.bad_name": "the field name '{field}' must be lower-case letters, digits and _, starting with a letter",
    "field.bad_json": "the field '{field}' is not valid JSON ({detail} at column {column})",
    "field.not_object": "the field '{field}' must be a JSON object such as {{\"type\": \"text\"}}",
    "field.unknown_keys": "the field '{field}' has unknown keys {keys}: use label, type, required, choices",
    "field.unknown_type": "the field '{field}' has the type '{type}': use one of {choices}",
    "field.needs_choices": "the field '{field}' of type {type} needs \"choices\": a list of answers",
    "field.choices_without_choice": "the field '{field}' has choices but the type '{type}': make it a choice or "
                                    "checklist",
    "field.label_not_text": "the field '{field}': its label must be text",
    "field.required_not_boolean": "the field '{field}': \"required\" must be true or false",
    "field.unknown": "unknown field '{field}': this activity records {choices}",
    "field.required": "{label} is required",
    "field.not_text": "'{field}' must be text",
    "field.not_number": "'{field}' must be a number, not '{value}'",
    "field.not_finite": "'{field}' must be an ordinary number, not '{value}' (infinite, not a number, or too large)",
    "field.not_date": "'{field}' must be a date written YYYY-MM-DD, not '{value}'",
    "field.not_boolean": "'{field}' must be yes or no",
    "field.not_choice": "'{field}' must be one of {items}, not '{value}'",
    "field.not_list": "'{field}' must be a list of items",
    "field.unchecked": "{label}: not yet checked: {items}",
    "data.bad_json": "the data is not valid JSON ({detail} at column {column}): write an object such as "
                     "{{\"catatan\": \"...\"}}",
    "data.not_object": "the data must be a JSON object such as {{\"catatan\": \"...\"}}",
    "waktu.unreadable": "the time standard '{waktu}' cannot be read: write a number and a unit, such as '60 menit', "
                        "'2 jam', '1 hari', '1 minggu' or '1 bulan'",
    "date.unreadable": "{what}: '{value}' is not a date: write YYYY-MM-DD, such as 2026-01-31",
    # Expressions in diagrams
    "expression.empty": "the expression is empty: write a condition such as keputusan == \"setuju\"",
    "expression.too_long": "the expression is longer than {limit} characters",
    "expression.syntax": "'{expression}' is not a valid expression ({detail})",
    "expression.forbidden": "'{expression}' uses {what}, which diagrams may not use: compare fields with ==, !=, <, "
                            ">, in, and, or, not",
    "expression.underscore_name": "'{expression}' uses the name '{name}': names may not start with '_'",
    "expression.call": "'{expression}' calls something other than {choices}",
    "expression.keywords": "'{expression}' passes keyword arguments, which are not allowed",
    "expression.constant": "'{expression}' has a constant of a type diagrams may not use",
    "expression.formatting": "'{expression}' formats text with %, which diagrams may not do: % is the remainder of "
                             "two numbers",
    "expression.repetition": "'{expression}' repeats text or a list with *, which diagrams may not do: * multiplies "
                             "numbers",
    "expression.value_too_long": "'{expression}' builds text or a list longer than {limit} characters or items",
    "expression.number_too_large": "'{expression}' computes a number beyond what a field can hold (about 1.8e308)",
    "expression.round_digits": "'{expression}' rounds to {digits} digits: round to between -{limit} and {limit}",
    "expression.unknown_name": "'{expression}' needs '{name}', which no completed activity has recorded yet",
    "expression.invalid": "'{expression}' cannot be evaluated: {detail}",
    "expression.failed": "'{expression}' failed on this instance's data: {detail}",
    "expression.script": "Alur runs no scripts from diagrams",
    "expression.service": "Alur calls no services from diagrams",
    # What does not exist
    "process.not_found": "no process '{process}' is deployed",
    "version.not_found": "the process '{process}' has no version {version}",
    "version.id_not_found": "there is no version with the id {version_id}",
    "instance.not_found": "no instance {instance}",
    "task.not_found": "no task {task}",
    "user.not_found": "no user '{user}'",
    # Users
    "user.bad_name": "the user name '{user}' must be 1 to 64 lower-case letters, digits, '.', '_' or '-'",
    "user.needs_lane_or_role": "the user '{user}' needs at least one lane or role",
    "user.unknown_role": "unknown role '{role}': the roles are {choices}",
    "user.unknown_lane": "no deployed process has a lane '{lane}'; the lanes are: {choices}",
    "user.exists": "the user '{user}' exists already: pick another name",
    "user.lacks_role": "only a user with the {role} role may {action}; '{user}' has {roles}",
    "user.no_role": "no role",
    "password.too_short": "a password needs at least {minimum} characters: a few words make a long one that is easy "
                          "to remember",
    "password.is_name": "the password must not be the user name '{user}'",
    "action.cancel": "cancel an instance",
    "action.reassign": "reassign a task",
    "action.migrate": "migrate instances",
    "deploy.deployed": "{file}: deployed {process} version {version} ({name})",
    "deploy.unchanged": "{file}: {process} unchanged, still version {version}",
    "demo.lane_user": "demo user '{user}' in lane '{lane}' (password '{password}')",
    "demo.role_user": "demo user '{user}' with role {role} (password '{password}')",
    "demo.history": "demo history of {months} months: {instances} instances, {finished} completed, "
                    "{cancellations} cancelled, {running_now} still running",
    "demo.history_present": "the database already has {instances} instances: no demo history added",
    # Running instances
    "instance.start_lane": "only the lane {lanes} may start '{process}'; the user '{user}' belongs to {user_lanes}",
    "instance.unknown_status": "the status '{status}' is not one of {choices}",
    "instance.ended_already": "the process instance {instance} is {status} already",
    "instance.cannot_go_on": "the process cannot go on after '{after}': {reason}{detail}. Nothing was saved; the "
                             "diagram's analyst must fix it",
    "instance.cannot_start": "the process cannot start: {reason}{detail}. Nothing was saved; the diagram's "
                             "analyst must fix it",
    "instance.no_end_event": "the process ran out of tasks without reaching an end event: the diagram needs a flow "
                             "onward. Nothing was saved",
    "instance.nothing_ready": "the process has no task ready and reached no end event: the diagram needs a flow "
                              "onward. Nothing was saved",
    "task.completed_already": "task {task} ({name}) was completed already by {by} at {at}",
    "task.not_ready": "task {task} ({name}) is {state}: only a ready task can be completed or reassigned",
    "task.assigned_to_other": "task {task} ({name}) is assigned to {assignee}: only they may complete it, unless an "
                              "admin reassigns it",
    "task.other_lane": "task {task} ({name}) belongs to the lane '{lane}'; the user '{user}' belongs to {user_lanes}",
    "task.reassign_outside_lane": "task {task} belongs to the lane '{lane}'; the user '{user}' is not in it",
    "admin.no_reason": "give a reason: the history records why",
    # Versions and migration
    "migration.not_running": "the process instance {instance} is {status}: only running instances move",
    "migration.same_version": "the process instance {instance} is on version {version} already",
    "migration.task_missing": "task {task} ({name}) is not in version {version}: the instance must finish on its "
                              "own version",
    "migration.task_changed": "task {task} ({name}) changed in version {version} ({change}): the instance must "
                              "finish on its own version",
    "migration.ready_tasks_change": "the instance's waiting tasks would change on version {version}: it must "
                                    "finish on its own version",
    "diff.activity_added": "added activity {number} '{name}' in the lane '{lane}'",
    "diff.activity_removed": "removed activity {number} '{name}'",
    "diff.activity_renamed": "renamed activity {number} '{name}' to '{new_name}'",
    "diff.activity_moved": "moved activity {number} '{name}' from the lane '{old_lane}' to '{new_lane}'",
    "diff.activity_renumbered": "renumbered activity {number} '{name}' to {new_number}",
    "diff.mutu_baku_changed": "mutu baku {key} of {number} '{name}': '{old_value}' -> '{new_value}'",
    "diff.field_added": "field '{field}' added to {number} '{name}'",
    "diff.field_removed": "field '{field}' removed from {number} '{name}'",
    "diff.field_changed": "field '{field}' of {number} '{name}' changed",
    "diff.lane_added": "added lane '{lane}'",
    "diff.lane_removed": "removed lane '{lane}'",
    "diff.lanes_reordered": "reordered lanes: {lanes}",
    "diff.flow_added": "added flow from '{source}' to '{target}' {flow}",
    "diff.flow_removed": "removed flow from '{source}' to '{target}' {flow}",
    "diff.flow_rerouted": "rerouted flow {flow}: from '{source}' to '{target}' is now from '{new_source}' to "
                          "'{new_target}'",
    "diff.condition_changed": "condition of the flow from '{source}' to '{target}' {flow}: '{old_condition}' -> "
                              "'{new_condition}'",
    "diff.header_changed": "SOP header '{key}' changed",
    "diff.none": "no difference in activities, lanes, flows, mutu baku, fields or header",
    # Audit
    "verify.event_missing": "event {seq} is missing (the next stored is {next}): events were deleted",
    "verify.link_broken": "event {seq} does not follow event {previous} (its link is {link}, event {previous} hashes "
                          "to {hash}): an event before it was changed, inserted or removed",
    "verify.event_edited": "event {seq} ({type} by {actor} at {at}) was edited: its content no longer matches the "
                           "hash it was written with",
    "verify.events_cut": "the history ends at event {count} but was last written up to event {written}: events at "
                         "the end were deleted",
    "verify.status_differs": "process instance {instance} is stored as {stored} but its events say {said}",
    "verify.ready_differs": "process instance {instance}: the tasks ready in the database ({stored}) differ from "
                            "the events ({said})",
    "verify.completion_differs": "process instance {instance}: task {task} was completed by {actor} according to "
                                 "the events, but the database says {state} {by}",
    "verify.completion_unrecorded": "process instance {instance}: task {task} is completed in the database but no "
                                    "event says so",
    "verify.data_differs": "process instance {instance}: the data '{field}' is {stored} but the events recorded "
                           "{said}",
    "verify.state_unloadable": "process instance {instance}: the stored engine state does not load ({detail})",
    "verify.state_ready_differs": (
        "process instance {instance}: the engine state has {count} ready task that the task table does not match",
        "process instance {instance}: the engine state has {count} ready tasks that the task table does not match"),
    "verify.state_not_completed": "process instance {instance} is stored as completed but its engine state is not",
    "replay.step_outside": "process instance {instance} has events 1 to {steps}; step {step} is outside them",
    "replay.engine_failed": "the engine could not run this step: {reason}",
    "replay.log_start": "the history does not begin with the start of the process but with {type}",
    "replay.unexpected": "the history says {said}, but re-execution gives {expected}",
    "replay.event": "{type} '{name}'",
    "replay.nothing_more": "nothing more",
    "replay.no_ready_match": "no ready task {element} to match task {task}",
    "replay.never_ready": "the history completes task {task} ({name}), which re-execution never made ready",
    "replay.completed_early": "the history completes {name} while re-execution still expects {expected}",
    # Export and settings
    "export.unknown_format": "cannot export as '{format}': choose {choices}",
    "settings.argon2_profile": "ALUR_ARGON2_PROFILE='{value}' is not one of {choices}",
    "calendar.no_working_time": "the working calendar has no working time in {days} days: check ALUR_CUTI_BERSAMA "
                                "and ALUR_WORK_HOURS",
    "calendar.hours_unreadable": "ALUR_WORK_HOURS='{value}' cannot be read: write opening and closing time as "
                                 "HH:MM-HH:MM, such as 07:30-16:00",
    "calendar.hours_out_of_range": "ALUR_WORK_HOURS='{value}': hours go from 00 to 23 and minutes from 00 to 59",
    "calendar.hours_reversed": "ALUR_WORK_HOURS='{value}': the closing time must come after the opening time",
    "calendar.unknown_zone": "ALUR_TIMEZONE='{value}' is not a known time zone: use an IANA name such as "
                             "Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)",
    "calendar.cuti_bersama_unreadable": "ALUR_CUTI_BERSAMA: '{value}' is not a date: write YYYY-MM-DD dates "
                                        "separated by commas, such as 2026-12-24,2026-12-31",
    "calendar.unknown_category": "ALUR_HOLIDAY_CATEGORIES='{value}': name one or more of {choices}",
    "database.too_new": "the database has schema {schema}, newer than this Alur ({supported}): use a newer Alur",
    "database.locked": "the database is busy: another program kept it locked for more than {seconds} seconds. "
                       "Nothing was changed: try again in a moment",
    "database.read_only": "the database cannot be written: its file, the -wal and -shm files beside it, or its "
                          "folder are read-only. Nothing was changed: ask the administrator to make them writable "
                          "for Alur",
    "database.full": "the disk holding the database is full. Nothing was changed: ask the administrator to free "
                     "space, then try again",
    # PostgreSQL (engine.pgdb)
    "database.unreachable": "the database server {database} cannot be reached ({reason}): it is not running, or "
                            "the host, port, socket folder, database name or user is wrong. Nothing was changed: ask "
                            "the administrator to start it or correct ALUR_DB, then try again",
    "database.connection_lost": "the connection to the database server was lost. Nothing was changed: try again in "
                                "a moment",
    "database.server_read_only": "the database server refuses to write (a read-only server or database). Nothing "
                                 "was changed: ask the administrator to let Alur write, then try again",
    # SOP AP workbooks and tables (engine.sopap)
    "field.bad_required_when": "the field '{field}' has a required_when that is not an object of answer lists, such "
                               "as {{\"keputusan\": [\"tidak setuju\"]}}",
    "field.required_when": "{label} is required with the answer '{answer}'",
    "sop.not_xlsx": "this is not an Excel workbook (.xlsx): save the SOP table as .xlsx, or start from the SOP AP "
                    "template",
    "sop.too_large": "the file is {megabytes} MB; Alur takes SOP workbooks up to {limit} MB: is this the right file?",
    "sop.sheet_missing": "the workbook has no sheet '{wanted}': name the sheets Identitas and Prosedur as in the "
                         "template",
    "sop.item_unknown": "'{item}' is not an item of the SOP's identity: use the names in the template (Nomor SOP, "
                        "Nama SOP, Dasar Hukum, ...); this row was left out",
    "sop.heading_missing": "no heading row with No and Kegiatan was found: keep the template's heading row",
    "sop.heading_unknown": "the column '{heading}' after the mutu baku is not one Alur reads: executor columns go "
                           "between Kegiatan and Kelengkapan; this column was left out",
    "sop.waktu_date": "the spreadsheet turned the time '{value}' into a date: format the cell as text and write it "
                      "again, such as 1-2 hari",
    "sop.header_missing": "the SOP has no name: fill in '{item}' on the Identitas sheet",
    "sop.header_missing_nomor": "the SOP has no number: fill in '{item}' on the Identitas sheet when it has one",
    "sop.process_id": "the process id '{value}' may hold only lower-case letters, digits and _, starting with a "
                      "letter: such as penyusunan_standar_pelayanan",
    "sop.no_lanes": "the table has no executor (pelaksana) columns: put one column per executor between Kegiatan and "
                    "Kelengkapan",
    "sop.lane_repeated": "two executor columns are named '{lane}': give each executor one column",
    "sop.lane_unknown": "row {nomor} is marked for '{lane}', which is not an executor column: add the column or mark "
                        "another",
    "sop.no_missing": "an activity has no number: write its number in the No column (5a for a second activity of row "
                      "5)",
    "sop.no_unreadable": "'{value}' is not a row number: write a number such as 7, or 7a for a second activity of "
                         "row 7",
    "sop.no_repeated": "the number {nomor} is used twice (first in row {first}): number the second {suggestion} if "
                       "it is a second activity of that row",
    "sop.kegiatan_empty": "row {nomor} has no Kegiatan: write the activity as the SOP says it",
    "sop.no_mark": "row {nomor} has no executor marked: put an x in the column of the executor who does it",
    "sop.two_marks": "row {nomor} is marked for {lanes}: read as one activity of {lane}; to give each executor its "
                     "own activity, split the row (such as {nomor} and {nomor}a)",
    "sop.waktu_unreadable": "row {nomor}: the time '{value}' cannot be read: write a number and a unit, such as 60 "
                            "menit, 2 jam, 1 hari, 1 minggu",
    "sop.waktu_no_unit": "row {nomor}: the time '{value}' has no unit: write it, such as {value} hari, or name the "
                         "unit in the heading: Waktu (hari)",
    "sop.waktu_range": "row {nomor}: the time '{value}' is a range, read as its upper bound {waktu}: write one time "
                       "if another is meant",
    "sop.waktu_rounded": "row {nomor}: the time '{value}' is read as {waktu} (rounded up): write it in a smaller "
                         "unit if another is meant",
    "sop.waktu_blank": "row {nomor} has no time: its task will have no time standard and no due time",
    "sop.decision_answers": "row {nomor}: the decision '{value}' needs a question and at least two answers: "
                            "Disetujui? setuju -> 6; tidak setuju -> 3",
    "sop.answer_empty": "row {nomor}: an answer of the decision '{value}' is empty: write each answer before its ->",
    "sop.answer_repeated": "row {nomor}: the decision '{value}' has the same answer twice: give each answer once",
    "sop.answer_target_missing": "row {nomor}: the answer '{answer}' leads to row {target}, which the table does not "
                                 "have: write the number of an existing row, or selesai",
    "sop.decision_too_many": "row {nomor}: the decision has {count} answers; a decision takes at most three: split "
                             "it into two decisions",
    "sop.answers_same_row": "row {nomor}: the answers {answers} all lead to the same place: a decision's answers go "
                            "different ways",
    "sop.unreachable": "row {nomor} is never reached: no row leads to it (the row above is a decision whose answers "
                       "go elsewhere): lead an answer to it, or remove it",
    "sop.no_way_out": "row {nomor} is in a loop with no way out: the procedure can never end from here; lead an "
                      "answer of the loop's decision forward",
    "sop.isian_unreadable": "row {nomor}: the Isian '{value}' cannot be read: write labels separated by ;, such as "
                            "Nomor SPT; Tanggal terima [tanggal]",
    "sop.isian_type": "row {nomor}: the Isian '{value}' names a kind Alur does not know: use [teks], [catatan], "
                      "[angka], [tanggal] or [ya/tidak]",
    "sop.isian_name": "row {nomor}: '{value}' cannot name a field: use lower-case letters, digits and _",
    "sop.isian_name_repeated": "row {nomor}: the field {field} is also asked in row {other}: give it another name in "
                               "braces",
    "sop.no_rows": "the Prosedur sheet has no activity: write one row per activity under the heading",
    "sop.layout_failed": "the diagram could not be drawn ({detail}): please report this table to the developers",
    "sop.deploy_refused": "the diagram made from the table was refused: {reason}",
    "settings.db_timeout": "ALUR_DB_TIMEOUT='{value}' must be a number of seconds above 0 and at most {limit}, "
                           "such as 30",
    # Monitoring Pelaksanaan SOP AP (engine.monitor)
    "export.pnml_process": "a PNML export is one process's model: name it with --process",
    "monitor.period_reversed": "the period starts on {start}, after it ends on {end}: give --from before --to",
    "monitor.form_not_found": "there is no saved monitoring form {form}: `alur monitor --forms` lists them",
    "monitor.assess_role": "user '{user}' may not save a monitoring form: it takes the role {roles} (auditors only "
                           "read and print)",
    "monitor.unknown_process": "there is no SOP '{process}' in this form: choose one of {choices}",
    "monitor.text_too_long": "the {what} of {process} is {length} characters long: write at most {limit}",
    "monitor.note.counts": "{started} started, {finished} finished and {cancellations} cancelled in the period; "
                           "{running_now} running now",
    "monitor.note.unmeasured": "no task with a mutu baku was done in the period",
    "monitor.note.share": "{within} of {judged} activities done within their mutu baku ({share}%; the threshold is "
                          "{threshold}%)",
    "monitor.note.late": "activity {number} {name} ({lane}) was late {late} of {of} times, by {median} (median) "
                         "beyond its {waktu}",
    "monitor.note.loop": "{decision} answered '{answer}' (back to an earlier step) {taken} times in {instances} "
                         "instances",
    "monitor.note.overdue": "{count} tasks wait past their due time now, the longest for {longest}",
    "monitor.action.unmeasured": "run the SOP and assess it in the next period",
    "monitor.action.review_late": "review activity {number} {name}: its mutu baku or the load of {lane}",
    "monitor.action.follow_up": "follow up the {count} tasks past their due time",
    "monitor.action.keep": "keep the SOP as it is",
    "monitor.penilaian.berjalan_baik": "Working well",
    "monitor.penilaian.tidak_berjalan_baik": "Not working well",
    "monitor.penilaian.belum_terukur": "Not measured",
    "settings.monitor_threshold": "ALUR_MONITOR_THRESHOLD='{value}' must be a percentage from 1 to 100, such as 80",
    # Printing documents (engine.documents)
    "print.no_pango": "cannot print PDF: the system library Pango is missing ({detail}). Ask the administrator to "
                      "install the Debian packages {packages}, or print as HTML",
    "print.paper": "unknown paper '{paper}': choose one of {choices}",
    "print.format": "cannot print as '{format}': choose one of {choices}",
    # Subjects, taking tasks, and the paged lists (issue 12)
    "instance.subject_blank": "give the case a subject (perihal): what it is about, such as the unit proposed or "
                              "the year's competition",
    "instance.subject_too_long": "the subject has {length} characters; at most {limit}: say what the case is about "
                                 "in a line",
    "task.taken_by_other": "task {task} ({name}) is taken by {user}: ask them to release it, or an admin to "
                           "reassign it",
    "task.not_taken": "task {task} ({name}) is not held by {user}: there is nothing to release",
    "list.bad_limit": "a page holds 1 to {limit} items; {value} is outside that",
    "list.bad_offset": "the offset counts items to skip: 0 or more, not {value}",
    "list.unknown_order": "the order '{order}' is not one of {choices}",
    "list.search_too_long": "the search has {length} characters; at most {limit}",
    "verify.taken_differs": "process instance {instance}: task {task} is held by '{stored}' in the database but by "
                            "'{said}' according to the events",
    # Documents, kelengkapan and comments (issue 12)
    "settings.max_upload_mb": "ALUR_MAX_UPLOAD_MB='{value}' must be a whole number of megabytes from 1 to {limit}, "
                              "such as 20",
    "file.empty": "the file '{file}' is empty: attach the document itself",
    "file.too_large": "the file '{file}' is {megabytes} MB; a document may be at most {limit} MB: scan it at a lower"
                      " resolution or split it",
    "file.executable": "the file '{file}' is a program, not a document: attach the PDF, image or office document "
                       "itself",
    "file.archive": "the file '{file}' is an archive (zip, rar, 7z, ...): attach each document itself, not a packed "
                    "file",
    "file.macros": "the file '{file}' is an office document with macros, which Alur does not keep: save it as .docx,"
                   " .xlsx or .pptx, or as PDF",
    "file.unknown_type": "the file '{file}' is not a document Alur keeps (its content, whatever its name, is none of"
                         " {accepted}): attach it as PDF",
    "field.file_in_data": "the field '{field}' takes a document: attach it as a file (--file {field}=PATH), not in "
                          "the data",
    "field.not_file": "'{field}' is not a document field of this activity: its document fields are {choices}",
    "diagram.kelengkapan_wajib": "the activity '{name}' has kelengkapan_wajib '{value}': use one of {choices}",
    "attachment.not_found": "no attachment {attachment}",
    "verify.attachment_changed": "instance {instance}: the document of attachment {attachment} ('{name}') was "
                                 "changed after it was attached: its SHA-256 is {stored}..., its completion recorded"
                                 " {said}...",
    "verify.attachment_unrecorded": "instance {instance}: attachment {attachment} is in the database but no "
                                    "completion recorded it",
    "verify.attachment_missing": "instance {instance}: attachment {attachment}, recorded by a completion, is gone "
                                 "from the database",
    "comment.empty": "the comment is empty: write what you want to say",
    "comment.too_long": "the comment has {length} characters; at most {limit}: shorten it, or attach a document",
    "comment.auditor": "{user} is an auditor, who changes nothing: comments are written by the staff of the process",
    "comment.outside_lanes": "{user} is in none of the lanes of instance {instance} ({lanes}): only its staff or an "
                             "admin may comment",
}
TEXTS.update(PEOPLE_TEXTS)
TEXTS.update(COPYSTORE_TEXTS)


def catalog(lang):
    """The translations of the engine's texts into `lang` (English is the texts themselves)."""
    return translations.load(LOCALE / f"{lang}.po")


def render(message, lang="en", zone=None):
    """`message` (a Message, or a code and its parameters) in `lang`; timestamps in `zone` (UTC without)."""
    text = TEXTS.get(message.code)
    if text is None:
        return message.code
    books = catalog(lang)
    params = {key: _param(value, lang, zone) for key, value in message.params.items()}
    if isinstance(text, tuple):
        text = books.npgettext(message.code, text[0], text[1], message.params.get("count", 0))
    else:
        text = books.pgettext(message.code, text)
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):  # a translation that names a parameter the message lacks
        return TEXTS[message.code] if isinstance(TEXTS[message.code], str) else text


def render_problem(problem, lang="en", zone=None):
    """A diagram problem on one line: file:line: element 'id': message."""
    where = problem.file + (f":{problem.line}" if problem.line else "")
    what = f" {name(lang, 'element')} '{problem.element}':" if problem.element else ""
    return f"{where}:{what} {render(problem.message, lang, zone)}"


def render_sop_problem(problem, lang="en", zone=None):
    """A problem of an SOP AP table on one line: 'Prosedur, row 12, Waktu (F12): ...' (engine.sopap)."""
    params = problem.params
    where = [params.get("sheet") or ""]
    if params.get("row"):
        where.append(f"{name(lang, 'row')} {params['row']}")
    if params.get("column"):
        where.append(str(params["column"]) + (f" ({params['cell']})" if params.get("cell") else ""))
    place = ", ".join(w for w in where if w)
    return (f"{place}: " if place else "") + render(problem.message, lang, zone)


def name(lang, word):
    """A word of the engine's vocabulary (an enum member, or a few words like 'element') in `lang`."""
    if isinstance(word, Enum):
        # English: the stored value itself, read as words ("flow taken").
        return catalog(lang).pgettext(type(word).__name__, word.value).replace("_", " ")
    return catalog(lang).pgettext("word", word)


def _param(value, lang, zone):
    if isinstance(value, Message):
        return render(value, lang, zone)
    if isinstance(value, Enum):
        return name(lang, value)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(_param(item, lang, zone)) for item in value) or "–"
    if isinstance(value, str) and _is_stamp(value):
        return _when(datetime.fromisoformat(value), lang, zone)
    if value is None:
        return ""
    return value


def _is_stamp(text):
    return len(text) >= 25 and text[4] == "-" and text[10] == "T" and text.endswith("+00:00")


def _when(moment, lang, zone):
    """'02-03-2026 08:30 WIB': the day first, as Indonesian forms write it, with the zone's abbreviation."""
    from babel.dates import format_datetime  # Babel's locale data loads only when a time is said

    local = moment.astimezone(zone) if zone else moment
    return format_datetime(local, "dd-MM-yyyy HH:mm", tzinfo=local.tzinfo, locale=lang) + f" {local.tzname()}"

