// Redis 7.0 RDB snapshots: the implementation lives in rdb/ (see rdb/index.ts).
export * from './rdb/index.ts';
