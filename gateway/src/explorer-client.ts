/**
 * The browser side of the offline explorer, bundled by explorer-graphiql.ts: GraphiQL with the explorer
 * plugin, one tab per saved operation, the headers editor open (where a token goes), and the gateway's
 * own URL as the endpoint. Headers are not persisted: a token lives only as long as the page.
 */
import '@graphiql/plugin-explorer/style.css';
import 'graphiql/style.css';
import { explorerPlugin } from '@graphiql/plugin-explorer';
import { createGraphiQLFetcher, createLocalStorage } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import type { ExplorerPageConfig } from './explorer-graphiql.ts';

const config = JSON.parse(document.getElementById('explorer-config')?.textContent ?? '{}') as ExplorerPageConfig;
const root = document.getElementById('graphiql');
if (!root) throw new Error('The page has no #graphiql element.');

createRoot(root).render(
  createElement(GraphiQL, {
    fetcher: createGraphiQLFetcher({ url: new URL(config.endpointPath, window.location.origin).href }),
    plugins: [explorerPlugin()],
    defaultTabs: config.tabs,
    defaultEditorToolsVisibility: 'headers',
    shouldPersistHeaders: false,
    storage: createLocalStorage({ namespace: config.storageNamespace }),
  }),
);
