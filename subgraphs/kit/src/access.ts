/**
 * Access declared in the schema, enforced here. Each subgraph's SDL carries federation's own directives,
 * `@authenticated` and `@requiresScopes` (a scope is a role's name), so the supergraph carries them and any
 * gateway in front may enforce them too; this module enforces them in the subgraph itself, whichever
 * gateway stands in front. Deny by default: a root field with neither directive must be named public by
 * the subgraph's policy module, or the subgraph refuses to start. Which rows a role sees (a vendor its own
 * contracts, a coordinator its subtree) is the business of that policy module.
 */
import {
  type ConstDirectiveNode,
  defaultFieldResolver,
  type GraphQLError,
  type GraphQLFieldResolver,
  GraphQLNonNull,
  GraphQLObjectType,
  type GraphQLSchema,
  Kind,
} from 'graphql';
import { ruleError } from './errors.ts';
import { type Role, unauthenticated, type Viewer } from './identity.ts';

/** What a field requires: a signed-in caller, and perhaps one of several sets of scopes (roles). */
export interface AccessRule {
  authenticated: boolean;
  /** Any one inner list, all of whose scopes the caller holds; a caller holds its role as its one scope. */
  scopes?: string[][];
}

/** The access a type or field declares with @authenticated or @requiresScopes; none when it declares neither. */
function declaredRule(directives: readonly ConstDirectiveNode[] | undefined): AccessRule | undefined {
  let rule: AccessRule | undefined;
  for (const directive of directives ?? []) {
    if (directive.name.value === 'authenticated') rule = { authenticated: true, scopes: rule?.scopes };
    if (directive.name.value === 'requiresScopes') {
      const value = directive.arguments?.find((a) => a.name.value === 'scopes')?.value;
      const scopes =
        value?.kind === Kind.LIST
          ? value.values.map((group) =>
              group.kind === Kind.LIST ? group.values.flatMap((s) => (s.kind === Kind.STRING ? [s.value] : [])) : [],
            )
          : [];
      rule = { authenticated: true, scopes };
    }
  }
  return rule;
}

/** Whether the viewer passes a rule. A service of the hub reads anything and changes nothing. */
export function allows(viewer: Viewer, rule: AccessRule | undefined, change: boolean): boolean {
  if (!rule) return true;
  if (viewer.role === 'anonymous') return false;
  if (viewer.role === 'service') return !change;
  return !rule.scopes || rule.scopes.some((group) => group.every((scope) => scope === viewer.role));
}

/** Who the viewer is, in a refusal: the role and the unit, vendor or carrier it acts for. */
export function describeViewer(viewer: Viewer): string {
  const tenant = viewer.unitId
    ? ` of unit ${viewer.unitId}`
    : viewer.vendorId
      ? ` of vendor ${viewer.vendorId}`
      : viewer.carrierId
        ? ` of carrier ${viewer.carrierId}`
        : '';
  return `the ${viewer.role} role${tenant}`;
}

/** A refusal naming the caller's role and the rule it meets; `rule` completes "…may not …". */
export function forbidden(viewer: Viewer, rule: string): GraphQLError {
  return ruleError('FORBIDDEN', `Refused for ${describeViewer(viewer)}: ${rule}`, { role: viewer.role });
}

/** The refusal of a field the viewer's role may not use, quoting the "Access:" sentence of its description. */
function refusal(viewer: Viewer, coordinate: string, rule: AccessRule, description?: string | null): GraphQLError {
  if (viewer.role === 'anonymous') return unauthenticated(`${coordinate} needs a signed-in caller: send a bearer token.`);
  const roles = rule.scopes?.map((group) => group.join(' and ')).join(', ') ?? 'any signed-in role';
  const access = description?.match(/Access: [^\n]*/)?.[0];
  return forbidden(viewer, `${coordinate} is only for ${roles}.${access ? ` ${access}` : ''}`);
}

/** Fields every subgraph has for federation itself; only the gateway reaches them, with its signature. */
const FEDERATION_FIELDS = new Set(['Query._entities', 'Query._service']);

/**
 * Wraps every field that declares access (on the field or on its type) so that it refuses a viewer who
 * does not pass; a refused field is null with its error, the rest of the answer stands. Throws when a
 * root field declares nothing and the policy does not name it public (deny by default), or when a field
 * that declares access is not nullable.
 */
export function enforceAccess(schema: GraphQLSchema, publicFields: readonly string[]): void {
  const isPublic = new Set(publicFields);
  const roots = [schema.getQueryType(), schema.getMutationType()].filter(Boolean);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
    const typeRule = declaredRule([...(type.astNode?.directives ?? []), ...type.extensionASTNodes.flatMap((n) => n.directives ?? [])]);
    const change = type === schema.getMutationType();
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      if (FEDERATION_FIELDS.has(coordinate)) continue;
      const fieldRule = declaredRule(field.astNode?.directives);
      const rule = fieldRule ?? typeRule;
      if (roots.includes(type)) {
        if (rule && isPublic.has(coordinate)) throw new Error(`${coordinate} is named public but declares access in the schema.`);
        if (!rule && !isPublic.has(coordinate)) {
          throw new Error(`${coordinate} declares no access (@authenticated or @requiresScopes) and the policy does not name it public.`);
        }
      }
      if (!rule) continue;
      // A refused field is null with its error; a non-null one would take its parent (or the whole answer) with it.
      if (!change && field.type instanceof GraphQLNonNull) throw new Error(`${coordinate} declares access, so it must be nullable.`);
      const resolve: GraphQLFieldResolver<unknown, { viewer: Viewer }> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        if (!allows(context.viewer, rule, change)) throw refusal(context.viewer, coordinate, rule, field.description);
        return resolve(source, args, context, info);
      };
    }
  }
}

/** Whether the viewer holds one of these roles (for the policy modules' row rules). */
export const hasRole = (viewer: Viewer, ...roles: Role[]) => (roles as string[]).includes(viewer.role);
