import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/tables.js';

/** A table as the database itself describes it (found by introspection, never listed by hand). */
export interface TableInfo {
  name: string;
  columns: { name: string; type: string }[];
  /** Primary key columns, in order (empty when the table has none). */
  primaryKey: string[];
  /** Foreign keys: local column → referenced table and column. */
  foreignKeys: { column: string; table: string; refColumn: string }[];
  /** Columns filled from a sequence (PostgreSQL serial), which need resetting after a restore. */
  serialColumns: string[];
}

export type Row = Record<string, unknown>;
export type ArchiveDialect = 'sqlite' | 'postgres';

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Raw, schema-generic SQL for the whole-publication archive: introspection, reading and writing rows. */
export function createArchiveStore(db: Kysely<Database>, dialect: ArchiveDialect) {
  const raw = db as unknown as Kysely<Record<string, Row>>;

  async function sqliteTables(conn: Kysely<Record<string, Row>>): Promise<TableInfo[]> {
    const { rows } = await sql<{ name: string; sql: string | null }>`select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(conn);
    const virtual = rows.filter((r) => /^create\s+virtual\s+table/i.test(r.sql ?? '')).map((r) => r.name);
    // Full-text (FTS5) virtual tables and their shadow tables are derived indexes, not data.
    const isDerived = (name: string) => virtual.some((v) => name === v || name.startsWith(`${v}_`));
    const tables: TableInfo[] = [];
    for (const { name } of rows.filter((r) => !isDerived(r.name))) {
      const columns = (await sql<{ name: string; type: string; pk: number }>`select name, type, pk from pragma_table_info(${name}) order by cid`.execute(conn)).rows;
      const fks = (await sql<{ from: string; table: string; to: string | null }>`select "from", "table", "to" from pragma_foreign_key_list(${name})`.execute(conn)).rows;
      tables.push({
        name,
        columns: columns.map((c) => ({ name: c.name, type: c.type.toLowerCase() })),
        primaryKey: columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
        foreignKeys: fks.map((f) => ({ column: f.from, table: f.table, refColumn: f.to ?? 'id' })),
        serialColumns: [],
      });
    }
    return tables;
  }

  async function postgresTables(conn: Kysely<Record<string, Row>>): Promise<TableInfo[]> {
    const names = (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(conn)).rows.map((r) => r.name);
    const columns = (await sql<{ table: string; name: string; type: string; dflt: string | null }>`select table_name as table, column_name as name, data_type as type, column_default as dflt from information_schema.columns where table_schema = current_schema() order by table_name, ordinal_position`.execute(conn)).rows;
    const keys = (
      await sql<{ table: string; kind: string; column: string; ref_table: string | null; ref_column: string | null; position: number }>`
        select cl.relname as table, c.contype as kind, a.attname as column, rcl.relname as ref_table, ra.attname as ref_column, k.n as position
        from pg_constraint c
        join pg_class cl on cl.oid = c.conrelid
        join pg_namespace ns on ns.oid = cl.relnamespace and ns.nspname = current_schema()
        cross join lateral unnest(c.conkey) with ordinality as k(attnum, n)
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
        left join pg_class rcl on rcl.oid = c.confrelid
        left join pg_attribute ra on ra.attrelid = c.confrelid and ra.attnum = c.confkey[k.n]
        where c.contype in ('p', 'f')
        order by cl.relname, c.conname, k.n`.execute(conn)
    ).rows;
    return names.map((name) => ({
      name,
      columns: columns.filter((c) => c.table === name).map((c) => ({ name: c.name, type: c.type.toLowerCase() })),
      primaryKey: keys.filter((k) => k.table === name && k.kind === 'p').map((k) => k.column),
      foreignKeys: keys.filter((k) => k.table === name && k.kind === 'f').map((k) => ({ column: k.column, table: k.ref_table!, refColumn: k.ref_column! })),
      serialColumns: columns.filter((c) => c.table === name && (c.dflt ?? '').startsWith('nextval(')).map((c) => c.name),
    }));
  }

  const listTablesOn = (conn: Kysely<Record<string, Row>>) => (dialect === 'sqlite' ? sqliteTables(conn) : postgresTables(conn));

  return {
    listTables: () => listTablesOn(raw),

    async countRows(table: string): Promise<number> {
      const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.raw(quote(table))}`.execute(raw);
      return Number(rows[0]?.n ?? 0);
    },

    /** Every row of `table` in primary-key order, `batch` rows at a time (keyset pages). */
    async *readRows(table: TableInfo, batch = 1000): AsyncGenerator<Row[]> {
      const order = table.primaryKey.length > 0 ? table.primaryKey : table.columns.map((c) => c.name);
      for (let offset = 0; ; offset += batch) {
        const { rows } = await sql<Row>`select * from ${sql.raw(quote(table.name))} order by ${sql.raw(order.map(quote).join(', '))} limit ${batch} offset ${offset}`.execute(raw);
        if (rows.length > 0) yield rows;
        if (rows.length < batch) return;
      }
    },

    /**
     * Runs `work` in one transaction with an inserter bound to it: everything is written, or
     * (on any error) nothing. Foreign keys are checked at commit on SQLite (deferred), so rows
     * of self-referencing tables may come in any order there.
     */
    async restore(work: (tx: { insert(table: TableInfo, rows: Row[]): Promise<void>; tables(): Promise<TableInfo[]> }) => Promise<void>): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const conn = trx as unknown as Kysely<Record<string, Row>>;
        if (dialect === 'sqlite') await sql`pragma defer_foreign_keys = on`.execute(conn);
        await work({
          tables: () => listTablesOn(conn),
          async insert(table, rows) {
            if (rows.length === 0) return;
            const columns = Object.keys(rows[0]!);
            // Stay below SQLite's and PostgreSQL's bound-parameter limits.
            const perStatement = Math.max(1, Math.floor(30_000 / Math.max(1, columns.length)));
            for (let i = 0; i < rows.length; i += perStatement) {
              const chunk = rows.slice(i, i + perStatement);
              const values = sql.join(chunk.map((row) => sql`(${sql.join(columns.map((c) => row[c]))})`));
              await sql`insert into ${sql.raw(quote(table.name))} (${sql.raw(columns.map(quote).join(', '))}) values ${values}`.execute(conn);
            }
          },
        });
        if (dialect === 'postgres') {
          for (const table of await postgresTables(conn)) {
            for (const column of table.serialColumns) {
              await sql`select setval(pg_get_serial_sequence(${quote(table.name)}, ${column}), coalesce((select max(${sql.raw(quote(column))}) from ${sql.raw(quote(table.name))}), 0) + 1, false)`.execute(conn);
            }
          }
        }
      });
    },
  };
}

export type ArchiveStore = ReturnType<typeof createArchiveStore>;
