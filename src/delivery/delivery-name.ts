/** Delivery file names carry the cue and the start timecode: `3M12_The-Door_click_01-02-06-05.wav`. */

/** Letters and digits only (accents dropped), words joined by `-`, at most 40 characters. */
export function slug(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
}

export function deliveryName(cue: { id: string; title: string }, kind: string, startTimecode: string, extension: string): string {
  const parts = [slug(cue.id) || "cue", slug(cue.title), kind, startTimecode.replace(/[:;]/g, "-")].filter((p) => p !== "");
  return `${parts.join("_")}.${extension}`;
}
