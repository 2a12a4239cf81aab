// `langgraph-parallel/openai`: provider selection (the offline model, or `ChatOpenAI` for any
// OpenAI-compatible server). Needs the optional peer `@langchain/openai`.
export { CHAT_MODEL_PROVIDERS, DEFAULT_OPENAI_BASE_URL, DEFAULT_OPENAI_MODEL, getChatModel } from "./models/get-chat-model.js";
export type { ChatModelProvider, GetChatModelOptions } from "./models/get-chat-model.js";
