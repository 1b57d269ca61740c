export * from './database.ts';
export * from './env.ts';
export * from './errors.ts';
export * from './http.ts';
export * from './loaders.ts';
export * from './paging.ts';
export * from './subgraphs.ts';
export * from './subgraph-server.ts';
