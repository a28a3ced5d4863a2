/**
 * The picture's cuts proposed as hits in the page (found by the server's `spot`): a list beside the
 * hits, one selected (the picture shows it); Enter accepts it (a hit named as `spot` names it), Delete
 * rejects it, "accept all" takes the rest.
 */
export interface Proposal {
  /** Frames since 00:00:00:00. */
  frame: number;
  label: string;
  timecode: string;
}

/** What the list needs of the page: to make a hit, to show a frame, to say something. */
export interface ProposalHost {
  mark(frame: number, label: string): void;
  show(frame: number): void;
  message(text: string): void;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

export class CutProposals {
  private list: Proposal[] = [];
  private selected = 0;

  constructor(private readonly host: ProposalHost) {}

  /** Proposes the cuts from `from` to `to` (a cue's span) on no frame in `taken` (its hits). */
  propose(cuts: readonly Proposal[], from: number, to: number, taken: ReadonlySet<number>, cue: string): void {
    this.list = cuts.filter((c) => c.frame >= from && c.frame <= to && !taken.has(c.frame));
    this.selected = 0;
    this.draw();
    this.host.message(`${this.list.length} cut${this.list.length === 1 ? "" : "s"} of the picture proposed in cue ${cue}: Enter accepts the selected one, Delete rejects it.`);
    if (this.list[0]) this.host.show(this.list[0].frame);
  }

  any = () => this.list.length > 0;

  /** Accepts the selected proposal, or every one. */
  accept(all = false): void {
    for (const p of all ? this.list : this.list.slice(this.selected, this.selected + 1)) this.host.mark(p.frame, p.label);
    this.list = all ? [] : this.list.filter((_, i) => i !== this.selected);
    this.next();
  }

  reject(): void {
    this.list.splice(this.selected, 1);
    this.next();
  }

  private next(): void {
    this.selected = Math.min(this.selected, Math.max(0, this.list.length - 1));
    this.draw();
    const p = this.list[this.selected];
    if (p) this.host.show(p.frame);
  }

  private draw(): void {
    $<HTMLButtonElement>("acceptAll").disabled = this.list.length === 0;
    $("proposals").replaceChildren(...this.list.map((p, i) => {
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.setAttribute("aria-current", String(i === this.selected));
      b.textContent = `${p.label}  ${p.timecode}`;
      b.addEventListener("click", () => {
        this.selected = i;
        this.next();
      });
      li.append(b);
      return li;
    }));
  }
}
