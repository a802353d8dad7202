/** A page: its `<h1>` (focus target after navigation) and the document title. */
import { useEffect } from 'react';
import type { ReactNode } from 'react';

export function Page({ title, children, className }: { title: string; children?: ReactNode; className?: string }): ReactNode {
  useEffect(() => {
    document.title = `${title} · upsell-kit demo`;
  }, [title]);
  return (
    <div className={className ? `demo-page ${className}` : 'demo-page'}>
      <h1 tabIndex={-1}>{title}</h1>
      {children}
    </div>
  );
}
