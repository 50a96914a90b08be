"""The English texts of `alur copy-store`'s codes (engine.copystore), kept beside engine.messages (which takes them
into its TEXTS) so that neither file grows past its size."""

TEXTS = {
    "copy.same_store": "{store} is both the source and the target: name another target",
    "copy.source_missing": "there is no database at {source}: check the path",
    "copy.unreadable": "cannot open {store} ({reason}): check the path or the address, the user and the password, "
                       "and that the server runs",
    "copy.source_schema": "{source} has schema {schema}, this Alur has {current}: open it with this alur first "
                          "(for example `alur verify --db SOURCE`), which migrates it, then copy it",
    "copy.tables_differ": "{target} lacks the tables {tables}: it was made by another Alur",
    "copy.target_not_empty": ("{target} is not empty (table {table} has {count} row): copy into an empty database; "
                              "nothing was written",
                              "{target} is not empty (table {table} has {count} rows): copy into an empty database; "
                              "nothing was written"),
    "copy.count_differs": "table {table}: {read} rows read but {written} written; nothing was kept",
    "copy.verify_failed": "the copy does not verify, so nothing was kept: {problem}",
    "copy.head_differs": "the copy's history ends at event {target}, the source's at {source}; nothing was kept",
    "copy.table": ("{table}: {count} row", "{table}: {count} rows"),
    "copy.done": "copied to {target}: {events} events, the chain verified on arrival up to its head {head}",
}
