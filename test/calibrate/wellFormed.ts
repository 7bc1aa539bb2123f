/** Tag names in document order; throws unless every element closes in order (well-formed). */
export function checkWellFormed(svg: string): string[] {
  const stack: string[] = [];
  const seen: string[] = [];
  const body = svg.replace(/<\?xml[^>]*\?>/, "");
  for (const m of body.matchAll(/<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, close, name, , self] = m;
    if (close) {
      if (stack.pop() !== name) throw new Error(`unbalanced </${name}>`);
    } else {
      seen.push(name);
      if (!self) stack.push(name);
    }
  }
  if (stack.length) throw new Error(`unclosed <${stack.join("> <")}>`);
  // nothing that looks like a tag was skipped by the pattern above
  const tags = body.match(/</g)?.length ?? 0;
  const matched = body.match(/<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g)?.length ?? 0;
  if (tags !== matched) throw new Error(`${tags - matched} malformed tags`);
  return seen;
}
