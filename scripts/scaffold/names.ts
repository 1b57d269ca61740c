/** The names a scaffolded subgraph derives from its own, each made once here so the files agree. */

/** A subgraph's name: its folder, its package (`@cq/<name>`), its database and its environment prefix. */
const NAME = /^[a-z]{2,24}$/;

/** Folders under subgraphs/ that are not subgraphs. */
const RESERVED = new Set(['kit']);

export interface Names {
  /** `backup` */
  name: string;
  /** `Backup` */
  pascal: string;
  /** `BACKUP`: `BACKUP_DATABASE_URL`, `BACKUP_URL`. */
  env: string;
  /** The entity of its own: `BackupService`. */
  entity: string;
  /** Its resolvers' file: `backup-service.ts`. */
  entityFile: string;
  /** The root list, the root lookup and the field joined to Unit: `backupServices`, `backupService`. */
  list: string;
  one: string;
  /** The mutation and its input: `createBackupService`, `CreateBackupServiceInput`. */
  create: string;
  createInput: string;
  /** The conventional export of src/server.ts: `createBackupSubgraph`. */
  createSubgraph: string;
}

/** Refuses a name that is not 2 to 24 lower-case letters or names no subgraph. */
export function namesOf(name: string): Names {
  if (!NAME.test(name)) throw new Error(`A subgraph's name is 2 to 24 lower-case letters (a-z), e.g. "backup"; got "${name}".`);
  if (RESERVED.has(name)) throw new Error(`"${name}" is not a subgraph's name: subgraphs/${name}/ holds something else.`);
  const pascal = name.charAt(0).toUpperCase() + name.slice(1);
  return {
    name,
    pascal,
    env: name.toUpperCase(),
    entity: `${pascal}Service`,
    entityFile: `${name}-service.ts`,
    list: `${name}Services`,
    one: `${name}Service`,
    create: `create${pascal}Service`,
    createInput: `Create${pascal}ServiceInput`,
    createSubgraph: `create${pascal}Subgraph`,
  };
}
