// Confirmations and cards say only what is known: a count the list does not carry is left
// out rather than shown as 0, an unknown author is not named, and empty fields leave no
// stray separators ("Transcript · · Not finished ·").
import type { DocumentRow, SessionRow } from "../bindings";
import { date, size } from "./format";
import { t, tn, type MessageKey } from "./messages";

/** Document kinds as Rust lists them (DocumentRow.kind: "transcript", "caption" or "other").
 *  The field is a plain string, so a kind a newer Scriptix invents reads as "Document". */
const DOCUMENT_KIND_WORDS = {
  transcript: "document.kind.transcript",
  caption: "document.kind.caption",
  other: "document.kind.other",
} as const satisfies Record<string, MessageKey>;

/** "Transcript", "Captions", or "Document" for any other kind. */
export function documentKind(kind: string): string {
  const known = Object.hasOwn(DOCUMENT_KIND_WORDS, kind) ? (kind as keyof typeof DOCUMENT_KIND_WORDS) : "other";
  return t(DOCUMENT_KIND_WORDS[known]);
}

/** The parts that have a value, joined with " · ". */
export function joinKnown(parts: (string | null | undefined)[]): string {
  return parts.filter((p): p is string => typeof p === "string" && p.trim() !== "").join(" · ");
}

/** The small print on a document card. */
export function documentDetails(d: DocumentRow): string {
  const comments = d.commentCount == null ? null : tn("count.comments", d.commentCount);
  return joinKnown([
    d.kind ? documentKind(d.kind) : null,
    d.language,
    d.finished ? t("document.finished") : t("document.notFinished"),
    d.lastModified ? date(d.lastModified) : null,
    d.sizeBytes != null ? size(d.sizeBytes) : null,
    comments,
  ]);
}

/** What deleting a session removes, or `null` when its documents are not known yet. */
export function sessionContents(s: SessionRow): string | null {
  if (!s.documents) return null;
  const counts = s.documents.map((d) => d.commentCount);
  if (counts.some((c) => c == null)) {
    return t("delete.sessionContentsNoCount", { documents: tn("count.documents", s.documents.length) });
  }
  const comments = counts.reduce<number>((n, c) => n + (c ?? 0), 0);
  return t("delete.sessionContents", {
    documents: tn("count.documents", s.documents.length),
    comments: tn("count.comments", comments),
  });
}

/** What deleting a document removes. */
export function documentContents(d: DocumentRow): string {
  return d.commentCount == null
    ? t("delete.documentContentsNoCount")
    : t("delete.documentContents", { comments: tn("count.comments", d.commentCount) });
}

/** The delete button of a comment. */
export function deleteCommentLabel(author: string): string {
  return author.trim() ? t("comment.delete", { author }) : t("comment.deleteNoAuthor");
}

/** The title of a comment's delete confirmation. */
export function deleteCommentTitle(author: string): string {
  return author.trim() ? t("delete.titleComment", { author }) : t("delete.titleCommentNoAuthor");
}
