// Previous / next links for a paged list; htmx swaps the list in place, plain links work without JavaScript.
import { t } from "../../server/i18n/index.js";

/** `noPush`: the list is part of a bigger page (evidence in a run), so its page is not put in the address bar. */
export function Pager({ page, pageSize, total, href, target, noPush }: { page: number; pageSize: number; total: number; href: (page: number) => string; target?: string; noPush?: boolean }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return <p class="muted pager">{t("pager.count", { total })}</p>;
  const link = (p: number, text: string) => (
    <a href={href(p)} hx-get={target ? href(p) : undefined} hx-target={target} hx-swap={target ? "outerHTML" : undefined} hx-push-url={target && !noPush ? "true" : undefined}>
      {text}
    </a>
  );
  return (
    <nav class="pager" aria-label={t("pager.label")}>
      {page > 1 ? link(page - 1, t("pager.previous")) : <span class="muted">{t("pager.previous")}</span>}
      <span>{t("pager.position", { page, pages, total })}</span>
      {page < pages ? link(page + 1, t("pager.next")) : <span class="muted">{t("pager.next")}</span>}
    </nav>
  );
}
