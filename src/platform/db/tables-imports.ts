/** Import bookkeeping: the tables of this area, merged into `Database` in tables.ts. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- placeholder until the owning module adds its tables
export interface ImportTables {}
