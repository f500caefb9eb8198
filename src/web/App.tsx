import { useEffect, useState } from 'react';
import { Link, useLocation } from './router.js';
import { SearchPage } from './pages/SearchPage.js';
import { ArticlePage } from './pages/ArticlePage.js';
import { ActorPage } from './pages/ActorPage.js';
import { PlacePage } from './pages/PlacePage.js';
import { EventsPage } from './pages/EventsPage.js';
import { MapPage } from './pages/MapPage.js';
import { TimelinePage } from './pages/TimelinePage.js';
import { GraphPage } from './pages/GraphPage.js';
import { StoryPage } from './pages/StoryPage.js';
import { StatusPage } from './pages/StatusPage.js';
import { NotFound } from './components/Status.js';

const NAV: Array<[string, string]> = [
  ['/', 'Search'],
  ['/events', 'Events'],
  ['/map', 'Map'],
  ['/timeline', 'Timeline'],
  ['/graph', 'Actor graph'],
  ['/status', 'Status'],
];

type Theme = 'system' | 'light' | 'dark';

function useTheme(): [Theme, () => void] {
  const [theme, setTheme] = useState<Theme>(
    () => (localStorage.getItem('theme') as Theme | null) ?? 'system',
  );
  useEffect(() => {
    if (theme === 'system') document.documentElement.removeAttribute('data-theme');
    else document.documentElement.setAttribute('data-theme', theme);
    localStorage.setItem('theme', theme);
  }, [theme]);
  const next = () => setTheme((t) => (t === 'system' ? 'dark' : t === 'dark' ? 'light' : 'system'));
  return [theme, next];
}

function route(path: string) {
  const m = /^\/(articles|actors|places|stories)\/([^/]+)\/?$/.exec(path);
  if (m) {
    const id = decodeURIComponent(m[2] as string);
    if (m[1] === 'articles') return <ArticlePage id={Number(id)} />;
    if (m[1] === 'actors') return <ActorPage id={id} />;
    if (m[1] === 'places') return <PlacePage id={id} />;
    return <StoryPage id={Number(id)} />;
  }
  switch (path) {
    case '/':
      return <SearchPage />;
    case '/events':
      return <EventsPage />;
    case '/map':
      return <MapPage />;
    case '/timeline':
      return <TimelinePage />;
    case '/graph':
      return <GraphPage />;
    case '/status':
      return <StatusPage />;
    default:
      return <NotFound message="No such page." />;
  }
}

export function App() {
  const loc = useLocation();
  const [theme, nextTheme] = useTheme();
  const section = '/' + (loc.path.split('/')[1] ?? '');
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link className="brand" href="/">
          Watchfloor
        </Link>
        <nav aria-label="Sections">
          {NAV.map(([path, label]) => (
            <Link key={path} href={path} aria-current={section === path ? 'page' : undefined}>
              {label}
            </Link>
          ))}
        </nav>
        <span className="spacer" />
        <a href="/api/docs" className="muted">
          API
        </a>
        <button
          type="button"
          onClick={nextTheme}
          aria-label={`Theme: ${theme}. Change theme`}
          title="Change theme"
        >
          {theme === 'system' ? 'Auto' : theme === 'dark' ? 'Dark' : 'Light'}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {route(loc.path)}
      </main>
    </>
  );
}
