import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { atomLabels } from '../basis/ao-labels';
import { BOHR_IN_ANGSTROM } from '../constants';
import { InvalidInputError } from '../errors';
import type { CubeGrid } from '../io/cube';
import { escapeHtml, scriptJson } from './html';
import { threeDmolGzipBase64 } from './viewer3d-source';

/** An atom as the 3D view draws it: element symbol, atomic number (0 for a ghost) and position in bohr. */
export interface ViewerAtom {
  readonly symbol: string;
  readonly Z: number;
  readonly position: readonly [number, number, number];
  readonly ghost?: boolean;
}

/** One isosurface of a volume: the value (same units as the volume) and its colour. */
export interface Isosurface {
  readonly isovalue: number;
  /** A CSS colour, e.g. '#e69f00'. */
  readonly color: string;
  /** 0–1 (default 0.85). */
  readonly opacity?: number;
}

/** Values on a regular grid (x slowest, z fastest, as `io.orbitalOnGrid` returns them) and the surfaces to draw. */
export interface ViewerVolume {
  readonly grid: CubeGrid;
  readonly values: Float64Array;
  readonly surfaces: readonly Isosurface[];
}

/** Options of {@link viewer3dHtml}. */
export interface Viewer3dOptions {
  /** Plain text shown where scripts do not run (an untrusted notebook, a code host) and replaced by the view. */
  summary: string;
  /** A line under the view (HTML-escaped), e.g. the isosurface colours. */
  caption?: string;
  /** Height of the view in pixels (default 400). */
  height?: number;
  /** Label the atoms O, H1, H2 (`basis.atomLabels`; default false). */
  labels?: boolean;
  /** The element id (default: random, unique per call). */
  id?: string;
  /**
   * Carry 3Dmol.js (gzipped, ~0.2 MB) in this output, to be unpacked only when the page lacks it
   * (default true). Without it the view waits up to 30 s for `window.$3Dmol` from another output.
   */
  include3Dmol?: boolean;
}

/** The positive and negative lobe colours (Okabe & Ito's orange and purple: apart from the atoms' CPK red, blue, white and grey, and for colour-blind readers). */
export const LOBE_COLORS = { positive: '#e69f00', negative: '#7b3294' } as const;

/** Volume values quantised to 16 bits (|v| ≤ max |v|: a step of max|v|/32767, far below any isovalue one would draw), gzipped, base64. */
function packVolume(values: Float64Array): { scale: number; data: string } {
  let max = 0;
  for (const v of values) if (Number.isFinite(v)) max = Math.max(max, Math.abs(v));
  const scale = max > 0 ? max / 32767 : 1;
  const buf = Buffer.alloc(2 * values.length);
  values.forEach((v, i) => buf.writeInt16LE(Number.isFinite(v) ? Math.round(v / scale) : 0, 2 * i));
  return { scale, data: gzipSync(buf, { level: 9 }).toString('base64') };
}

/**
 * An HTML snippet that draws atoms (ball and stick) and isosurfaces of volumes with 3Dmol.js, with
 * no network: the library travels with the snippet (see {@link Viewer3dOptions.include3Dmol}) and
 * volumes as 16-bit gzipped data. Positions and grids are given in bohr and drawn in ångström.
 * Where scripts do not run, the summary text shows instead.
 *
 * @example
 * ```ts
 * const html = viewer3dHtml(water.atoms, [], { summary: 'H2O' });
 * ```
 */
export function viewer3dHtml(atoms: readonly ViewerAtom[], volumes: readonly ViewerVolume[], options: Viewer3dOptions): string {
  const id = options.id ?? `roothaan-3d-${randomBytes(6).toString('hex')}`;
  const height = options.height ?? 400;
  if (!(height >= 100 && height <= 4000)) throw new InvalidInputError(`the view's height must be 100…4000 pixels, got ${height}`, { field: 'height' });
  const B = BOHR_IN_ANGSTROM;
  const xyz = `${atoms.length}\nroothaan\n` + atoms.map((a) => `${a.symbol} ${a.position.map((x) => (x * B).toFixed(6)).join(' ')}`).join('\n') + '\n';
  const names = options.labels ? atomLabels({ atoms }) : [];
  const spec = {
    xyz,
    labels: names.map((text, i) => ({ text, position: atoms[i]!.position.map((x) => x * B) })),
    volumes: volumes.map((v) => {
      const [nx, ny, nz] = v.grid.counts;
      if (v.values.length !== nx * ny * nz) throw new InvalidInputError(`${v.values.length} values for a grid of ${nx * ny * nz} points`, { field: 'values' });
      return {
        size: { x: nx, y: ny, z: nz },
        origin: { x: v.grid.origin[0] * B, y: v.grid.origin[1] * B, z: v.grid.origin[2] * B },
        unit: { x: v.grid.spacing * B, y: v.grid.spacing * B, z: v.grid.spacing * B },
        ...packVolume(v.values),
        surfaces: v.surfaces.map((s) => ({ isoval: s.isovalue, color: s.color, opacity: s.opacity ?? 0.85 })),
      };
    }),
  };
  const lib = options.include3Dmol === false ? 'null' : `"${threeDmolGzipBase64()}"`;
  return (
    `<div class="roothaan-3d-view">` +
    `<div id="${escapeHtml(id)}" class="roothaan-3d" style="position:relative;width:100%;max-width:640px;height:${height}px">` +
    `<pre class="roothaan-3d-fallback" style="margin:0;white-space:pre-wrap">${escapeHtml(options.summary)}</pre></div>` +
    (options.caption === undefined ? '' : `<div class="roothaan-3d-caption" style="font-size:12px;color:#555">${escapeHtml(options.caption)}</div>`) +
    `</div>\n<script type="text/javascript">\n(function () {\n` +
    `  var id = ${scriptJson(id)};\n  var spec = ${scriptJson(spec)};\n  var LIB = ${lib};\n` +
    VIEWER_SCRIPT +
    `})();\n</script>`
  );
}

/**
 * The page side: unpack 3Dmol.js once per page (hiding require.js's `define`, so the UMD bundle
 * sets `window.$3Dmol`), unpack the volumes, draw. `data-roothaan-drawn` marks a drawn view.
 */
const VIEWER_SCRIPT = `  function gunzip(b64) {
    if (typeof DecompressionStream === 'undefined') return Promise.reject(new Error('this browser has no DecompressionStream to unpack the 3D data'));
    var bytes = Uint8Array.from(atob(b64), function (c) { return c.charCodeAt(0); });
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
  }
  function waitFor3Dmol(tries) {
    return new Promise(function (ok, fail) {
      (function poll(n) {
        if (window.$3Dmol && window.$3Dmol.createViewer) return ok(window.$3Dmol);
        if (n <= 0) return fail(new Error('3Dmol.js is not loaded on this page: show the view again with include3Dmol'));
        setTimeout(function () { poll(n - 1); }, 50);
      })(tries);
    });
  }
  function load3Dmol() {
    if (window.$3Dmol && window.$3Dmol.createViewer) return Promise.resolve(window.$3Dmol);
    if (window.roothaan3Dmol) return window.roothaan3Dmol;
    if (!LIB) return waitFor3Dmol(600);
    window.roothaan3Dmol = gunzip(LIB).then(function (buf) {
      var s = document.createElement('script');
      s.text = '(function (define, exports, module) {\\n' + new TextDecoder().decode(buf) + '\\n}).call(window);';
      document.head.appendChild(s);
      if (!(window.$3Dmol && window.$3Dmol.createViewer)) throw new Error('3Dmol.js did not define window.$3Dmol');
      return window.$3Dmol;
    });
    window.roothaan3Dmol.catch(function () { window.roothaan3Dmol = undefined; });
    return window.roothaan3Dmol;
  }
  function volume($3Dmol, v) {
    return gunzip(v.data).then(function (buf) {
      var view = new DataView(buf), n = v.size.x * v.size.y * v.size.z, data = new Float32Array(n);
      for (var i = 0; i < n; i++) data[i] = view.getInt16(2 * i, true) * v.scale;
      var vol = new $3Dmol.VolumeData('', 'none');
      vol.size = v.size; vol.origin = v.origin; vol.unit = v.unit; vol.data = data;
      return vol;
    });
  }
  function fail(e) {
    var el = document.getElementById(id);
    if (el) { var p = document.createElement('p'); p.style.color = '#b00'; p.textContent = '3D view: ' + (e && e.message ? e.message : e); el.appendChild(p); }
  }
  load3Dmol().then(function ($3Dmol) {
    return Promise.all(spec.volumes.map(function (v) { return volume($3Dmol, v); })).then(function (vols) {
      var el = document.getElementById(id);
      if (!el) return;
      el.innerHTML = '';
      var viewer = $3Dmol.createViewer(el, { backgroundColor: 'white', minimumZoomToDistance: 2 });
      viewer.addModel(spec.xyz, 'xyz');
      viewer.setStyle({}, { stick: { radius: 0.12 }, sphere: { scale: 0.22 } });
      spec.labels.forEach(function (l) {
        viewer.addLabel(l.text, { position: { x: l.position[0], y: l.position[1], z: l.position[2] }, fontSize: 12, fontColor: 'black', backgroundColor: 'white', backgroundOpacity: 0.6, inFront: true });
      });
      vols.forEach(function (vol, k) {
        spec.volumes[k].surfaces.forEach(function (s) { viewer.addIsosurface(vol, { isoval: s.isoval, color: s.color, opacity: s.opacity, smoothness: 1 }); });
      });
      // An oblique view: a planar molecule seen face-on would hide one lobe of an out-of-plane orbital behind the other.
      viewer.rotate(-55, 'x');
      viewer.rotate(25, 'y');
      viewer.zoomTo();
      viewer.render();
      el.setAttribute('data-roothaan-drawn', '1');
    });
  }).catch(fail);
`;
