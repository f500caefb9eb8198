/** Links out to a source: only http(s) URLs become links (a `javascript:` URL in a feed stays text). */
export function SafeLink({ url, children }: { url: string; children?: React.ReactNode }) {
  if (!/^https?:\/\//i.test(url)) return <span>{children ?? url}</span>;
  return (
    <a href={url} target="_blank" rel="noopener noreferrer nofollow">
      {children ?? url}
    </a>
  );
}
