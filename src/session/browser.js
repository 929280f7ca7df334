// The few browser calls the session needs that are simplest in JavaScript. Nothing
// here touches the network.

function toBase64Url(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

async function pipe(bytes, stream) {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer());
}

/** Text → deflate-raw → base64url. */
export async function compress(text) {
  return toBase64Url(await pipe(new TextEncoder().encode(text), new CompressionStream('deflate-raw')));
}

/** base64url → inflate → text; throws on anything damaged. */
export async function decompress(b64, maxBytes) {
  const bytes = await pipe(fromBase64Url(b64), new DecompressionStream('deflate-raw'));
  if (bytes.length > maxBytes) throw new Error('too large');
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** Saves text as a file through the browser's download. */
export function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** The text of the file chosen in a file input; null when none; throws when too large. */
export async function chosenFileText(input, maxBytes) {
  const file = input.files && input.files[0];
  input.value = '';
  if (!file) return null;
  if (file.size > maxBytes) throw new Error('too large');
  return await file.text();
}

export async function copyText(text) {
  await navigator.clipboard.writeText(text);
}

/** Calls back when the page is being left or reloaded (the last chance to save). */
export function onPageHide(callback) {
  addEventListener('pagehide', () => callback());
}

/** The first file of a file input or of a drop, as [name, text]; null when none;
 *  throws when too large. */
export async function fileText(source, maxBytes) {
  const isInput = source instanceof HTMLInputElement;
  const files = isInput ? source.files : source && source.dataTransfer && source.dataTransfer.files;
  const file = files && files[0];
  if (isInput) source.value = '';
  if (!file) return null;
  if (file.size > maxBytes) throw new Error('too large');
  return [file.name, await file.text()];
}
