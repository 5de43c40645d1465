// The one function of picomatch (https://github.com/micromatch/picomatch) the ignore lists use; the
// package ships no types of its own.
declare module 'picomatch' {
  interface PicomatchOptions {
    dot?: boolean;
    basename?: boolean;
  }
  function picomatch(glob: string | string[], options?: PicomatchOptions): (path: string) => boolean;
  export default picomatch;
}
