import { useCallback, useEffect, useState } from 'react';
import { auth, setCsrf, setOnUnauthenticated, type SessionInfo } from './api.js';
import { SessionContext } from './session.js';
import { LoginPage } from './pages/LoginPage.js';
import { AccountPage } from './pages/AccountPage.js';
import { AdminPage } from './pages/AdminPage.js';
import { WatchlistsPage } from './pages/WatchlistsPage.js';
import { BriefsPage } from './pages/BriefsPage.js';
import { BriefPage } from './pages/BriefPage.js';
import { Link, useLocation } from './router.js';
import { SearchPage } from './pages/SearchPage.js';
import { ArticlePage } from './pages/ArticlePage.js';
import { ActorPage } from './pages/ActorPage.js';
import { ActorsPage } from './pages/ActorsPage.js';
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
  ['/actors', 'Actors'],
  ['/watchlists', 'Watchlists'],
  ['/briefs', 'Briefs'],
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
  const m = /^\/(articles|actors|places|stories|briefs)\/([^/]+)\/?$/.exec(path);
  if (m) {
    const id = decodeURIComponent(m[2] as string);
    if (m[1] === 'articles') return <ArticlePage id={Number(id)} />;
    if (m[1] === 'actors') return <ActorPage id={id} />;
    if (m[1] === 'places') return <PlacePage id={id} />;
    if (m[1] === 'briefs') return <BriefPage id={Number(id)} />;
    return <StoryPage id={Number(id)} />;
  }
  switch (path) {
    case '/':
      return <SearchPage />;
    case '/actors':
      return <ActorsPage />;
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
    case '/account':
      return <AccountPage />;
    case '/admin':
      return <AdminPage />;
    case '/watchlists':
      return <WatchlistsPage />;
    case '/briefs':
      return <BriefsPage />;
    default:
      return <NotFound message="No such page." />;
  }
}

function useSessionInfo(): [SessionInfo | null, Error | null, () => Promise<void>] {
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const refresh = useCallback(async () => {
    try {
      const s = await auth.session();
      setCsrf(s.csrf);
      setSession(s);
      setError(null);
    } catch (err) {
      setError(err as Error);
    }
  }, []);
  useEffect(() => {
    setOnUnauthenticated(() => void refresh());
    void refresh();
  }, [refresh]);
  return [session, error, refresh];
}

export function App() {
  const loc = useLocation();
  const [theme, nextTheme] = useTheme();
  const [session, error, refresh] = useSessionInfo();
  const section = '/' + (loc.path.split('/')[1] ?? '');
  const loggedOut = session !== null && !session.role;
  const logout = async () => {
    await auth.logout();
    await refresh();
  };
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link className="brand" href="/">
          Watchfloor
        </Link>
        {!loggedOut && (
          <nav aria-label="Sections">
            {NAV.map(([path, label]) => (
              <Link key={path} href={path} aria-current={section === path ? 'page' : undefined}>
                {label}
              </Link>
            ))}
            {session?.role === 'admin' && (
              <Link href="/admin" aria-current={section === '/admin' ? 'page' : undefined}>
                Admin
              </Link>
            )}
          </nav>
        )}
        <span className="spacer" />
        {session?.user && (
          <>
            <Link href="/account" className="who" data-testid="who">
              {session.user.username} ({session.role})
            </Link>
            <button type="button" onClick={() => void logout()}>
              Log out
            </button>
          </>
        )}
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
        {error ? (
          <div className="error" role="alert">
            Cannot reach the server: {error.message}
          </div>
        ) : !session ? (
          <p className="loading">Loading…</p>
        ) : loggedOut ? (
          <LoginPage onDone={refresh} />
        ) : (
          <SessionContext.Provider value={{ session, refresh }}>{route(loc.path)}</SessionContext.Provider>
        )}
      </main>
    </>
  );
}
