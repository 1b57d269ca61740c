/**
 * What the units subgraph asks other subgraphs, as a service of the hub (kit: services.ts): facts they
 * own that the notice's rules need at a write (rules.ts). Each question is one call, whatever the number
 * of ids it carries, and a request asks it once (askPeer remembers the answer). When the peer cannot be
 * asked, askPeer throws SUBGRAPH_UNAVAILABLE and the change is refused: never accepted unchecked.
 */
import type { AskPeer } from '@cq/kit/services';

/**
 * The park's question about a plan's destination, in one call: does the data centre exist, and of which
 * kind (§4); and when does the Government Cloud Platform open (§4: until then government departments'
 * systems go to the transitional government data centre first).
 */
export const DESTINATION = `query UnitsDestination($id: ID!) { dataCenter(id: $id) { id kind }
  platforms: dataCenters(kind: GOVERNMENT_CLOUD_PLATFORM) { id opensOn } }`;

/** A data centre as the park describes it; its kind as the park names it (e.g. GOVERNMENT_CLOUD_PLATFORM). */
export interface ParkDataCenter {
  id: string;
  kind: string;
}

/**
 * The Government Cloud Platform as the park describes it: the day it opens (YYYY-MM-DD, Asia/Shanghai),
 * null when it has been open since before the programme.
 */
export interface ParkPlatform {
  id: string;
  opensOn: string | null;
}

/** What the park says of a plan's destination: the data centre (null when the park has none) and the platform (null when the park has none). */
export interface DestinationFacts {
  dataCenter: ParkDataCenter | null;
  platform: ParkPlatform | null;
}

export async function destinationFacts(askPeer: AskPeer, id: string): Promise<DestinationFacts> {
  const answer = await askPeer<{ dataCenter: ParkDataCenter | null; platforms: ParkPlatform[] }>('park', DESTINATION, { id });
  return { dataCenter: answer.dataCenter, platform: answer.platforms[0] ?? null };
}

/** The park's question about a system: where it is placed, and since which day, if it is (§2.2). */
export const PLACEMENT = `query UnitsPlacement($systems: [_Any!]!) { _entities(representations: $systems) {
  ... on InformationSystem { id placement { dataCenter { id } since } } } }`;

/** Where the park has placed a system: the data centre and the day (YYYY-MM-DD, Asia/Shanghai) it has been there since. */
export interface ParkPlacement {
  dataCenterId: string;
  since: string;
}

/** The system's placement in the park, or null while the park has not placed it. */
export async function placedIn(askPeer: AskPeer, systemId: string): Promise<ParkPlacement | null> {
  const answer = await askPeer<{ _entities: ({ placement: { dataCenter: { id: string }; since: string } | null } | null)[] }>(
    'park',
    PLACEMENT,
    { systems: [{ __typename: 'InformationSystem', id: systemId }] },
  );
  const placement = answer._entities[0]?.placement;
  return placement ? { dataCenterId: placement.dataCenter.id, since: placement.since } : null;
}

/**
 * The vendors subgraph's question about a selection (§3.2), in one call: does the provider exist, and
 * for each service asked for, does it exist and which provider sells it.
 */
export const SELECTION = `query UnitsSelection($vendorId: ID!, $services: [_Any!]!) { vendor(id: $vendorId) { id }
  _entities(representations: $services) { ... on CloudService { id vendor { id } } } }`;

/** What vendors says of a selection: whether the provider exists, and each service's provider (null: no such service). */
export interface SelectionFacts {
  vendorExists: boolean;
  services: { id: string; vendorId: string | null }[];
}

export async function selectionFacts(askPeer: AskPeer, vendorId: string, serviceIds: readonly string[]): Promise<SelectionFacts> {
  const answer = await askPeer<{ vendor: { id: string } | null; _entities: ({ vendor: { id: string } } | null)[] }>('vendors', SELECTION, {
    vendorId,
    services: serviceIds.map((id) => ({ __typename: 'CloudService', id })),
  });
  return {
    vendorExists: answer.vendor !== null,
    services: serviceIds.map((id, i) => ({ id, vendorId: answer._entities[i]?.vendor.id ?? null })),
  };
}

/** The park's question about data centres by id, in one call: the kind of each (§4). */
export const DATA_CENTER_KINDS = `query UnitsDataCenterKinds($dataCenters: [_Any!]!) { _entities(representations: $dataCenters) {
  ... on DataCenter { id kind } } }`;

/** The kind of each data centre the park knows, by id (one the park does not know is left out). */
export async function dataCenterKinds(askPeer: AskPeer, ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const answer = await askPeer<{ _entities: ({ id: string; kind: string } | null)[] }>('park', DATA_CENTER_KINDS, {
    dataCenters: ids.map((id) => ({ __typename: 'DataCenter', id })),
  });
  return new Map(answer._entities.flatMap((d) => (d ? [[d.id, d.kind] as const] : [])));
}

/**
 * The park's question behind the `isPlaced` filter: which systems it had placed at the operation's moment,
 * in one call and one statement there, whatever the number of systems (only their ids travel). The field
 * is the park's, for other subgraphs only (`@inaccessible`: the gateway never offers it to clients).
 */
export const PLACED_SYSTEMS = 'query UnitsPlacedSystems { placedSystemIds }';

export async function placedSystemIds(askPeer: AskPeer): Promise<string[]> {
  return (await askPeer<{ placedSystemIds: string[] | null }>('park', PLACED_SYSTEMS, {})).placedSystemIds ?? [];
}
