/**
 * The checked-in supergraph declares access with federation's @authenticated and @requiresScopes, so that
 * any gateway in front (Apollo Router, Hive Gateway) can enforce them too. Apollo Gateway refuses to serve
 * a supergraph that links features "for: SECURITY" it does not implement. The subgraphs enforce those
 * directives themselves, so this gateway serves a copy without them: the file stays whole and portable.
 */
import { type DocumentNode, Kind, parse, print, visit } from 'graphql';

/** The access features: their links, definitions and uses are left out of the gateway's copy. */
const FEATURES = new Set(['authenticated', 'requiresScopes', 'policy']);
const FEATURE_URL = /^https:\/\/specs\.apollo\.dev\/(authenticated|requiresScopes|policy)\//;

export function withoutSecurityFeatures(supergraphSdl: string): string {
  const document: DocumentNode = visit(parse(supergraphSdl), {
    Directive(node) {
      if (FEATURES.has(node.name.value)) return null;
      if (node.name.value !== 'link') return undefined;
      const url = node.arguments?.find((a) => a.name.value === 'url')?.value;
      return url?.kind === Kind.STRING && FEATURE_URL.test(url.value) ? null : undefined;
    },
    DirectiveDefinition(node) {
      return FEATURES.has(node.name.value) ? null : undefined;
    },
    ScalarTypeDefinition(node) {
      return /^(requiresScopes|policy)__/.test(node.name.value) ? null : undefined;
    },
  });
  return print(document);
}
