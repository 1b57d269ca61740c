/**
 * The parts of the SDL every subgraph writes alike, taken from the units subgraph's schema.graphql as it
 * stands: composition refuses a shared type whose description drifts (schema/compose.ts), so a new
 * subgraph copies them instead of restating them.
 */
import { type DefinitionNode, Kind, type ObjectTypeDefinitionNode, parse } from 'graphql';

export interface SharedSdl {
  /** The descriptions of Query, Mutation and Unit, as written (block strings kept). */
  queryDescription: string;
  mutationDescription: string;
  unitDescription: string;
  /** Unit's key field with its description. */
  unitId: string;
  /** The shareable PageInfo type, whole. */
  pageInfo: string;
}

const objectType = (definitions: readonly DefinitionNode[], name: string): ObjectTypeDefinitionNode => {
  const found = definitions.find((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === name);
  if (!found) throw new Error(`The units subgraph's schema.graphql declares no type ${name} to copy.`);
  return found;
};

export function sharedSdlOf(unitsSdl: string): SharedSdl {
  const { definitions } = parse(unitsSdl);
  const text = (node: { loc?: { start: number; end: number } } | undefined, what: string) => {
    if (!node?.loc) throw new Error(`The units subgraph's schema.graphql has no ${what} to copy.`);
    return unitsSdl.slice(node.loc.start, node.loc.end);
  };
  const unit = objectType(definitions, 'Unit');
  return {
    queryDescription: text(objectType(definitions, 'Query').description, 'description of Query'),
    mutationDescription: text(objectType(definitions, 'Mutation').description, 'description of Mutation'),
    unitDescription: text(unit.description, 'description of Unit'),
    unitId: text(
      unit.fields?.find((f) => f.name.value === 'id'),
      'Unit.id',
    ),
    pageInfo: text(objectType(definitions, 'PageInfo'), 'PageInfo'),
  };
}
