// Which spans the tracer keeps. Kassa traces incoming HTTP requests; the database and provider calls a request makes are
// its children. A database span with no parent at all is background work (the job worker polls its queue every second,
// the outbox sweeps): kept, each poll would be a trace of its own, ~86,000 a day per idle worker. Those are dropped;
// everything else follows the standard OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG (default parentbased_always_on).
import { trace, type Attributes, type Context, type Link, type SpanKind } from "@opentelemetry/api";
import { tracing } from "@opentelemetry/sdk-node";

// through sdk-node (a dependency of ours) rather than its own sdk-trace packages, which are only transitive
const { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, SamplingDecision, TraceIdRatioBasedSampler } = tracing;
type Sampler = tracing.Sampler;
type SamplingResult = tracing.SamplingResult;

/** A span from the Prisma or pg instrumentation (Prisma's are all named `prisma:…`; pg's carry `db.system(.name)`). */
export function isDatabaseSpan(name: string, attributes: Attributes): boolean {
  return name.startsWith("prisma:") || name.startsWith("pg.") || attributes["db.system"] !== undefined || attributes["db.system.name"] !== undefined;
}

/** The sampler the standard environment variables describe (the subset of the spec that a Node service uses). */
export function samplerFromEnv(env: Record<string, string | undefined> = process.env): Sampler {
  const name = (env.OTEL_TRACES_SAMPLER ?? "").trim().toLowerCase() || "parentbased_always_on";
  const arg = Number(env.OTEL_TRACES_SAMPLER_ARG);
  const ratio = () => new TraceIdRatioBasedSampler(Number.isFinite(arg) && arg >= 0 && arg <= 1 ? arg : 1);
  switch (name) {
    case "always_on":
      return new AlwaysOnSampler();
    case "always_off":
      return new AlwaysOffSampler();
    case "traceidratio":
      return ratio();
    case "parentbased_always_off":
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case "parentbased_traceidratio":
      return new ParentBasedSampler({ root: ratio() });
    default:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

/** Drops root database spans (so their child pg spans too), delegating everything else to `inner`. */
export class KassaSampler implements Sampler {
  constructor(private readonly inner: Sampler = samplerFromEnv()) {}
  shouldSample(context: Context, traceId: string, name: string, kind: SpanKind, attributes: Attributes, links: Link[]): SamplingResult {
    if (!trace.getSpanContext(context) && isDatabaseSpan(name, attributes)) return { decision: SamplingDecision.NOT_RECORD };
    return this.inner.shouldSample(context, traceId, name, kind, attributes, links);
  }
  toString(): string {
    return `KassaSampler{${this.inner.toString()}}`;
  }
}
