import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { prefetchMapView } from './map-prefetch.js';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// Before the first render, so the map's first view is asked for beside the session.
prefetchMapView(root);
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
