/**
 * The rules about notifications: each stated once. Commands (commands.ts) enforce them in the mutation's
 * transaction (kit: errors.ts, the one catalogue).
 *
 * | clause | rule | function | error code |
 * | --- | --- | --- | --- |
 * | — | a reader marks only notifications it receives (policy.ts) | commands `markNotificationsRead` | FORBIDDEN |
 * | — | 1 to 100 ids are marked at once | commands `markNotificationsRead` | BAD_USER_INPUT |
 * | — | a day is a calendar date | kit `parseDate` | BAD_USER_INPUT |
 * | §6.4 | only the joint-conference office runs a day's checks | the schema's `@requiresScopes` | FORBIDDEN |
 * | — | a fact (kind, subject, due date or day) makes one notification | drafts `occasionOf`, the table's unique key | — |
 */
export {};
