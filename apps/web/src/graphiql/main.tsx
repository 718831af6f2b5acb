/**
 * GraphiQL for developers, outside production only: built from the `graphiql`
 * npm package into the web app's own files (no CDN), so it works on a closed
 * network and under the API's Content Security Policy (scripts and styles from
 * Harbour's origin only). The API serves it at GET /graphql to a browser.
 *
 * Requests go to /graphql on the same origin. Put `{"Authorization": "Bearer …"}`
 * in the Headers tab (a token from `harbour token` or `harbour demo`); headers
 * are kept only for the tab's life, never in local storage.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import 'graphiql/style.css';
import './graphiql.css';

const fetcher = createGraphiQLFetcher({ url: '/graphql' });

createRoot(document.getElementById('graphiql')!).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} shouldPersistHeaders={false} isHeadersEditorEnabled defaultEditorToolsVisibility />
  </StrictMode>,
);
