import type { NotificationWithRead } from './data/queries.ts';

/** The rows behind the GraphQL types; scripts/codegen.ts maps every `XModel` here to type X. */
export type NotificationModel = NotificationWithRead;
export type NotificationConnectionModel = {
  edges: { cursor: string; node: NotificationWithRead }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: () => Promise<number>;
  unreadCount: () => Promise<number>;
};
