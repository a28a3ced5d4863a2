/**
 * The preview page's shell: the picture with its overlay canvas, the transport, the cue's hits,
 * tempo and fitting tempos. Dark, large, high-contrast type, readable from a scoring stage's desk;
 * every control reachable by keyboard. The code is the compiled modules under /app/: `entry` (the
 * bundle made at build time, or main.js with every module it imports in `preload`). To show the
 * first frame sooner, the page carries its state and asks for its code, both fonts and the picture at
 * once (rather than one after another as each is found), the picture from where it opens (`videoStart`
 * seconds, a media fragment).
 */
export function pageHtml(p: { entry: string; preload: string[]; state: unknown; video: boolean; videoStart?: number }): string {
  // JSON inside <script>: no "</script>" or "<!--" can end it early.
  const state = JSON.stringify(p.state).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sprocket preview</title>
${p.preload.map((m) => `<link rel="modulepreload" href="/app/${m}">`).join("\n")}
<link rel="preload" href="/fonts/sans.ttf" as="font" type="font/ttf" crossorigin>
<link rel="preload" href="/fonts/mono.ttf" as="font" type="font/ttf" crossorigin>
<script type="application/json" id="state">${state}</script>
<style>
@font-face { font-family: SprocketSans; src: url(/fonts/sans.ttf); }
@font-face { font-family: SprocketMono; src: url(/fonts/mono.ttf); }
:root { color-scheme: dark; --fg: #f2f2f2; --dim: #a8a8a8; --bg: #101010; --panel: #1b1b1b; --ok: #3ddc84; --near: #ffd23f; --off: #ff5a5a; --focus: #5aa9ff; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 18px/1.4 SprocketSans, system-ui, sans-serif; }
main { display: grid; grid-template-columns: minmax(0, 1fr) 26rem; gap: 1rem; padding: 1rem; min-height: 100vh; }
#picture { position: relative; background: #000; }
#picture video, #picture canvas { display: block; width: 100%; height: auto; }
#picture canvas { position: absolute; inset: 0; height: 100%; pointer-events: none; }
#timeline { position: relative; height: 2.6rem; margin: .6rem 0; background: var(--panel); border-radius: 4px; touch-action: none; }
#timeline .now { position: absolute; top: 0; bottom: 0; width: 2px; background: var(--fg); }
#timeline .hit { position: absolute; top: .3rem; bottom: .3rem; width: .8rem; margin-left: -.4rem; border-radius: 3px; background: var(--ok); cursor: ew-resize; border: 0; padding: 0; }
#timeline .hit.near { background: var(--near); } #timeline .hit.off { background: var(--off); } #timeline .hit.fixed { cursor: default; opacity: .6; }
#transport, #chasebar { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
#chasebar { margin-top: .5rem; } #chasebar input[type=number] { width: 5rem; }
button, select, input { font: inherit; color: var(--fg); background: #2a2a2a; border: 1px solid #444; border-radius: 4px; padding: .3rem .7rem; }
button:focus-visible, select:focus-visible, input:focus-visible, #timeline:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
button[aria-pressed="true"] { background: #3b4f6b; }
aside { background: var(--panel); padding: 1rem; border-radius: 6px; overflow: auto; max-height: calc(100vh - 2rem); }
h2 { font-size: 1rem; text-transform: uppercase; letter-spacing: .08em; color: var(--dim); margin: 1.2rem 0 .4rem; }
ol { list-style: none; margin: 0; padding: 0; }
#hits li button { width: 100%; text-align: left; display: grid; grid-template-columns: 1fr auto; gap: .2rem .6rem; margin-bottom: .3rem; }
#hits li button[aria-current="true"] { border-color: var(--focus); }
#proposals li button { width: 100%; text-align: left; margin-bottom: .3rem; border-style: dashed; }
#proposals li button[aria-current="true"] { border-color: var(--focus); border-style: solid; }
.tc { font-family: SprocketMono, monospace; }
.landed { color: var(--ok); } .near { color: var(--near); } .off { color: var(--off); }
#tempo li { display: flex; gap: .5rem; align-items: center; margin-bottom: .3rem; }
#tempo input { width: 9rem; }
#status, #message { min-height: 1.6rem; color: var(--dim); }
#message.conflict { color: var(--off); }
.keys { color: var(--dim); font-size: .85rem; }
/* The conductor's view: the picture alone, as large as the window allows. */
body.conductor { background: #000; overflow: hidden; }
body.conductor main { display: block; padding: 0; min-height: 0; }
body.conductor aside, body.conductor #timeline, body.conductor #transport, body.conductor #chasebar, body.conductor #status, body.conductor .keys { display: none; }
body.conductor #picture { width: min(100vw, calc(100vh * var(--aspect, 1.7778))); margin: 0 auto; }
</style>
</head>
<body>
<main>
  <section aria-label="picture">
    <div id="picture"><video id="video" playsinline preload="auto"${p.video ? ` src="/video${p.videoStart !== undefined ? `#t=${p.videoStart}` : ""}"` : ""}></video><canvas id="overlay" aria-hidden="true"></canvas></div>
    <div id="timeline" tabindex="0" role="group" aria-label="Timeline: drag a hit to move it by frames"></div>
    <div id="transport" role="toolbar" aria-label="Transport">
      <button id="prevHit" title="Previous hit ([)">◀ hit</button>
      <button id="back" title="One frame back (←)">◀ frame</button>
      <button id="play" title="Play or pause (space)">▶ play</button>
      <button id="fwd" title="One frame on (→)">frame ▶</button>
      <button id="nextHit" title="Next hit (])">hit ▶</button>
      <button id="toStart" title="The first warning click (Home)">cue start</button>
      <button id="loopIn" title="Loop from here (I)">in</button>
      <button id="loopOut" title="Loop to here (O)">out</button>
      <button id="loop" aria-pressed="false" title="Loop (L)">loop</button>
      <label>rate <select id="rate"><option>0.25</option><option>0.5</option><option selected>1</option><option>1.5</option><option>2</option></select></label>
      <button id="mute" aria-pressed="false" title="Mute the click (M)">mute</button>
      <label>level <input id="level" type="range" min="0" max="1" step="0.05" value="0.8"></label>
      <button id="countIn" aria-pressed="true" title="Play the count-in (C)">count-in</button>
      <button id="flash" aria-pressed="false" title="The visual click: a flash on every beat (F)">flash</button>
      <button id="feet" aria-pressed="false" title="Feet+frames from bar 1 (E)">feet</button>
      <button id="popOut" title="The conductor's view in its own window, following this one (P)">pop out</button>
      <button id="mark" title="Mark a hit on the frame shown, playing or paused (H)">mark</button>
    </div>
    <div id="chasebar" role="toolbar" aria-label="Follow the DAW">
      <label>chase <select id="chase"><option value="off">off</option><option value="ltc">LTC (audio in)</option><option value="mtc">MTC (MIDI in)</option></select></label>
      <label>input <select id="chaseInput" title="The audio input (LTC) or MIDI input (MTC) to follow"><option value="">default</option></select></label>
      <label>offset <input id="chaseOffset" type="number" step="1" value="0"> fr</label>
      <label>latency <input id="chaseLatency" type="number" step="1" value="0"> ms</label>
      <label><input id="chaseClick" type="checkbox"> click while chasing</label>
      <span id="chaseState" class="tc" role="status" aria-live="off"></span>
    </div>
    <div id="status" role="status" aria-live="polite"></div>
    <p class="keys">Space play · ← → frame (Shift: second) · [ ] hit · Home cue · I O L loop · M mute · C count-in · F flash · E feet · select a hit (Ctrl/Shift+click or Shift+[ ] for more), then Alt+← → to move them a frame (Shift: ten) · H mark a hit · F2 rename it · Delete remove it · Ctrl+Z undo, Ctrl+Shift+Z redo · K find the picture's cuts, Enter accept, Delete reject · N new cue (over the loop) · R ramp to the selected hit · S save · P conductor's view</p>
  </section>
  <aside aria-label="cue">
    <label>Cue <select id="cue"></select></label>
    <form id="cueProps" aria-label="the cue">title <input id="cueTitle" size="12" aria-label="the cue's title"> bar 1 <input id="cueStart" size="11" aria-label="bar 1's timecode"> end <input id="cueEnd" size="11" aria-label="the cue's end, a timecode"> count-in <input id="cueCountIn" type="number" min="0" max="16" step="1" aria-label="bars of count-in"> <button type="submit">set</button> <button id="deleteCue" type="button" title="Take the cue out of the file when you save (Ctrl+Z keeps it)">delete cue</button></form>
    <h2>Hits</h2><ol id="hits"></ol>
    <div id="hitProps" role="group" aria-label="the selected hit">colour <select id="hitColor" aria-label="its streamer's colour"><option value="">the style's</option><option>white</option><option>green</option><option>yellow</option><option>red</option><option>blue</option><option>cyan</option><option>magenta</option><option>orange</option></select>
      streamer <input id="hitStreamer" type="number" min="0" step="1" aria-label="its streamer, in frames (0: none)"> fr
      punch <input id="hitPunch" type="number" min="0" max="24" step="1" aria-label="its punch, in frames (0: none)"> fr
      flutter <select id="hitFlutter" aria-label="punches leading into it"><option>0</option><option>1</option><option>3</option><option>5</option><option>7</option></select>
      placed by <select id="hitPlace" aria-label="placed by timecode, or by bar and beat (moving with the tempo)"><option value="tc">timecode</option><option value="bar">bar|beat</option></select></div>
    <h2>The picture's cuts <button id="spotCuts" title="Find the picture's cuts and propose them as hits (K)">find</button> <button id="acceptAll" title="Accept every proposed cut" disabled>accept all</button></h2>
    <ol id="proposals" aria-label="proposed cuts: Enter accepts the selected one, Delete rejects it"></ol>
    <h2>Tempo</h2><ol id="tempo"></ol>
    <form id="addTempo" aria-label="a meter or tempo change at a bar">at bar <input id="addBar" type="number" min="1" step="1" value="2" aria-label="bar"> meter <input id="addMeter" size="5" placeholder="7/8" aria-label="meter"> BPM <input id="addBpm" size="6" placeholder="96" aria-label="tempo in BPM"> <label><input id="addRamp" type="checkbox"> ramp</label> <button id="addTempoButton" type="submit">add</button></form>
    <p><button id="rampToHit" title="A ramp that lands the selected hit on its nearest beat (R)">ramp to the selected hit</button> <button id="newCue" title="A new cue over the loop (I, O), or from the playhead to the next hit (N)">new cue</button></p>
    <h2>Tempos that land the hits</h2><ol id="fit"></ol>
    <p><button id="save" disabled>Save to the cue file</button></p>
    <div id="message" role="alert"></div>
  </aside>
</main>
<script type="module" src="/app/${p.entry}"></script>
</body>
</html>
`;
}
