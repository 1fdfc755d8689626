import { describe, expect, it } from "vitest";
import type { DocumentRow, SessionRow } from "../bindings";
import {
  deleteCommentLabel,
  deleteCommentTitle,
  documentContents,
  documentDetails,
  joinKnown,
  sessionContents,
} from "./known";

const doc = (over: Partial<DocumentRow> = {}): DocumentRow =>
  ({
    id: "d1",
    sessionId: "s1",
    name: "Minutes",
    kind: "transcript",
    language: "",
    finished: false,
    lastModified: "",
    sizeBytes: null,
    commentCount: null,
    owner: null,
    actions: {},
    ...over,
  }) as unknown as DocumentRow;

describe("what is known", () => {
  it("leaves empty fields out of a document card", () => {
    const text = documentDetails(doc());
    expect(text).toBe("Transcript · Not finished");
    expect(text).not.toMatch(/·\s*·|·\s*$|^\s*·/);
  });

  it("never states a comment count the list does not carry", () => {
    expect(documentContents(doc())).not.toMatch(/\d/);
    expect(documentContents(doc({ commentCount: 2 }))).toContain("2 comments");
    const session = { id: "s1", name: "Meeting", documents: [doc(), doc({ id: "d2", commentCount: 2 })] };
    expect(sessionContents(session as unknown as SessionRow)).toBe("2 documents and any comments on them");
    expect(sessionContents({ ...session, documents: null } as unknown as SessionRow)).toBeNull();
  });

  it("does not name an unknown author", () => {
    expect(deleteCommentLabel("")).toBe("Delete comment");
    expect(deleteCommentLabel("Ann")).toBe("Delete comment by Ann");
    expect(deleteCommentTitle(" ")).not.toContain(" by");
  });

  it("joins only the parts that have a value", () => {
    expect(joinKnown(["a", "", null, undefined, " ", "b"])).toBe("a · b");
  });
});
