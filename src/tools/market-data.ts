/**
 * Offline market data for the isolated-analysts example: deterministic fixtures for three
 * fictional companies, and four LangChain tools over them (financials, price history with computed
 * indicators, news, social sentiment). Tool outputs are short factual sentences, so any model can
 * quote them. The companies and numbers are invented; this is not market data.
 */
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { InputValidationError } from "../errors.js";

/** A fictional company of the offline market data: its name, sector and figures. */
export interface Company {
  name: string;
  sector: string;
  revenueMillions: number;
  revenueGrowthPct: number;
  grossMarginPct: number;
  netMarginPct: number;
  debtToEquity: number;
  priceToEarnings: number;
  /** Daily closes, oldest first (20 trading days). */
  closes: number[];
  news: string[];
  sentiment: { score: number; mentions: number; posts: string[] };
}

// A deterministic price path: start, daily drift and a wobble, rounded to cents.
const path = (start: number, drift: number, wobble: number) =>
  Array.from({ length: 20 }, (_, i) => Math.round((start * (1 + drift) ** i + wobble * Math.sin(i * 1.7)) * 100) / 100);

/** The fictional companies, by ticker. */
export const COMPANIES: Readonly<Record<string, Company>> = {
  TERN: {
    name: "Tern Outdoor",
    sector: "consumer electronics",
    revenueMillions: 412,
    revenueGrowthPct: 18,
    grossMarginPct: 41,
    netMarginPct: 9,
    debtToEquity: 0.4,
    priceToEarnings: 27,
    closes: path(38, 0.006, 0.6),
    news: [
      "Tern Outdoor raises its full-year outlook after strong summer sales of portable solar chargers.",
      "A supplier delay could slow Tern's launch of its next charger in the EU.",
      "Tern Outdoor opens a second assembly line to meet demand.",
    ],
    sentiment: { score: 0.42, mentions: 1840, posts: ["Took the Tern charger on a 5-day hike, never ran out.", "Shipping to Europe is slow."] },
  },
  KITE: {
    name: "Kite Robotics",
    sector: "industrial automation",
    revenueMillions: 1280,
    revenueGrowthPct: -4,
    grossMarginPct: 33,
    netMarginPct: -2,
    debtToEquity: 1.6,
    priceToEarnings: 0,
    closes: path(71, -0.009, 1.4),
    news: [
      "Kite Robotics cuts its revenue guidance as warehouse customers delay orders.",
      "Kite Robotics refinances debt at a higher interest rate.",
      "Analysts question Kite's plan to enter the home-robot market.",
    ],
    sentiment: { score: -0.31, mentions: 960, posts: ["Kite keeps missing its numbers.", "Their new arm is impressive though."] },
  },
  MOSS: {
    name: "Moss Foods",
    sector: "packaged food",
    revenueMillions: 2650,
    revenueGrowthPct: 3,
    grossMarginPct: 29,
    netMarginPct: 7,
    debtToEquity: 0.7,
    priceToEarnings: 16,
    closes: path(52, 0.0005, 0.3),
    news: [
      "Moss Foods keeps its dividend unchanged for the sixth year.",
      "Moss Foods launches a plant-based snack line in three countries.",
    ],
    sentiment: { score: 0.05, mentions: 310, posts: ["Boring but reliable.", "Their new snacks are fine."] },
  },
};

/** Tickers with fixtures. */
export const TICKERS = Object.keys(COMPANIES);

function company(ticker: string): Company & { ticker: string } {
  const key = ticker.trim().toUpperCase();
  const found = COMPANIES[key];
  if (!found) throw new InputValidationError("ticker", `no offline data for "${ticker}"; known tickers: ${TICKERS.join(", ")}`);
  return { ...found, ticker: key };
}

const pct = (from: number, to: number) => ((to / from - 1) * 100).toFixed(1);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * The company's latest financials, as sentences.
 *
 * @param ticker - One of {@link TICKERS}.
 * @returns A short factual paragraph.
 * @throws {InputValidationError} for an unknown ticker.
 * @example
 * ```ts
 * financials("TERN"); // "Tern Outdoor (TERN) had revenue of $412 million …"
 * ```
 */
export function financials(ticker: string): string {
  const c = company(ticker);
  return [
    `${c.name} (${c.ticker}) had revenue of $${c.revenueMillions} million over the last twelve months, ${c.revenueGrowthPct >= 0 ? "up" : "down"} ${Math.abs(c.revenueGrowthPct)}% on the year before.`,
    `Its gross margin is ${c.grossMarginPct}% and its net margin ${c.netMarginPct}%.`,
    `Debt to equity stands at ${c.debtToEquity}.`,
    c.priceToEarnings > 0 ? `The shares trade at ${c.priceToEarnings} times earnings.` : "The company is not profitable, so it has no price to earnings ratio.",
  ].join(" ");
}

/**
 * Price history with computed indicators, as sentences.
 *
 * @param ticker - One of {@link TICKERS}.
 * @returns 20-day change, moving averages, volatility, and the closes.
 * @example
 * ```ts
 * priceHistory("KITE");
 * ```
 */
export function priceHistory(ticker: string): string {
  const c = company(ticker);
  const first = c.closes[0]!;
  const last = c.closes[c.closes.length - 1]!;
  const returns = c.closes.slice(1).map((p, i) => p / c.closes[i]! - 1);
  const volatility = Math.sqrt(mean(returns.map((r) => r ** 2))) * 100;
  const ma5 = mean(c.closes.slice(-5));
  const ma20 = mean(c.closes);
  return [
    `${c.ticker} closed at $${last.toFixed(2)}, ${pct(first, last)}% over 20 trading days.`,
    `The 5-day average of $${ma5.toFixed(2)} is ${ma5 >= ma20 ? "above" : "below"} the 20-day average of $${ma20.toFixed(2)}, a ${ma5 >= ma20 ? "rising" : "falling"} trend.`,
    `Daily volatility is ${volatility.toFixed(1)}%.`,
    `Closes: ${c.closes.map((p) => p.toFixed(2)).join(", ")}.`,
  ].join(" ");
}

/**
 * Recent news headlines.
 *
 * @param ticker - One of {@link TICKERS}.
 * @returns One headline per sentence.
 * @example
 * ```ts
 * news("MOSS");
 * ```
 */
export function news(ticker: string): string {
  return company(ticker).news.join(" ");
}

/**
 * Social-media sentiment, as sentences.
 *
 * @param ticker - One of {@link TICKERS}.
 * @returns Score (−1 to 1), mentions, sample posts.
 * @example
 * ```ts
 * socialSentiment("TERN");
 * ```
 */
export function socialSentiment(ticker: string): string {
  const c = company(ticker);
  const mood = c.sentiment.score > 0.2 ? "positive" : c.sentiment.score < -0.2 ? "negative" : "mixed";
  return `Social sentiment about ${c.ticker} is ${mood}, with a score of ${c.sentiment.score} across ${c.sentiment.mentions} mentions this week. Sample posts: ${c.sentiment.posts.map((p) => `"${p}"`).join(" ")}`;
}

// A plain string, so an unknown ticker reaches the tool and comes back to the model as a clear error.
const TickerInput = z.object({ ticker: z.string().min(1).describe(`Stock ticker, e.g. ${TICKERS.join(", ")}.`) });

/** Fundamentals tool. @example `financialsTool.invoke({ ticker: "TERN" })` */
export const financialsTool = tool(async ({ ticker }) => financials(ticker), {
  name: "get_financials",
  description: "Latest financial statements of a company: revenue, growth, margins, debt and valuation.",
  schema: TickerInput,
});
/** Price-history tool. @example `priceHistoryTool.invoke({ ticker: "KITE" })` */
export const priceHistoryTool = tool(async ({ ticker }) => priceHistory(ticker), {
  name: "get_price_history",
  description: "Price history of a stock over 20 trading days with trend and volatility indicators.",
  schema: TickerInput,
});
/** News tool. @example `newsTool.invoke({ ticker: "MOSS" })` */
export const newsTool = tool(async ({ ticker }) => news(ticker), {
  name: "search_news",
  description: "Recent news headlines about a company, and the sentiment they carry.",
  schema: TickerInput,
});
/** Social-sentiment tool. @example `socialSentimentTool.invoke({ ticker: "TERN" })` */
export const socialSentimentTool = tool(async ({ ticker }) => socialSentiment(ticker), {
  name: "get_social_sentiment",
  description: "Social media sentiment about a stock: score, mentions and sample posts.",
  schema: TickerInput,
});
