/** Composition: a build step of the scripts and the tests, never of a running gateway. */
import { type CompositionResult, composeServices } from '@apollo/composition';
import { type GraphQLSchema, parse } from 'graphql';
import { readSdl, subgraphs } from './registry.ts';

/**
 * Composes the four subgraph SDL files into the supergraph the gateway serves. Throws one error listing
 * every composition problem, each naming its subgraph and reason. Tests pass other SDL through `sdlOf`, and subgraphs the registry does not list through `extra`.
 */
export function composeSupergraph(sdlOf: (name: string) => string = readSdl, extra: readonly ExtraSubgraph[] = []): string {
  const result = compose(sdlOf, extra);
  if (!result.supergraphSdl) throw new Error('Composition failed without naming a reason.');
  return `${result.supergraphSdl.trimEnd()}\n`;
}

/** The schema clients see at the gateway (the supergraph without federation's own types and directives). */
export function composeApiSchema(): GraphQLSchema {
  const { schema } = compose(readSdl);
  if (!schema) throw new Error('Composition failed without naming a reason.');
  return schema.toAPISchema().toGraphQLJSSchema();
}

/** A subgraph composed with the registry's, though not listed there (a test's scaffolded one). */
export interface ExtraSubgraph {
  name: string;
  url: string;
  sdl: string;
}

function compose(sdlOf: (name: string) => string, extra: readonly ExtraSubgraph[] = []): CompositionResult {
  const listed = [...subgraphs, ...extra];
  const services = listed.map(({ name, url }) => {
    try {
      return { name, url, typeDefs: parse(extra.find((e) => e.name === name)?.sdl ?? sdlOf(name)) };
    } catch (error) {
      throw new Error(`Composition failed: subgraph ${name}: schema.graphql does not parse: ${(error as Error).message}`);
    }
  });
  const result = composeServices(services);
  // A type shared by several subgraphs must read the same in each: Sandbox shows one description.
  const inconsistent = (result.hints ?? []).filter((hint) => hint.definition.code === 'INCONSISTENT_DESCRIPTION');
  const errors = [
    ...(result.errors ?? []),
    ...inconsistent.map((hint) => ({ message: hint.message, extensions: { code: hint.definition.code } })),
  ];
  if (errors.length) {
    const problems = errors.map((e) => {
      const where = listed.filter(({ name }) => e.message.includes(`"${name}"`) || e.message.includes(`[${name}]`)).map((s) => s.name);
      return `  - ${where.length ? `subgraph ${where.join(', ')}: ` : ''}${e.extensions?.code ?? 'ERROR'}: ${e.message}`;
    });
    throw new Error(`Composition failed:\n${problems.join('\n')}`);
  }
  return result;
}
