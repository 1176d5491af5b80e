/// Request bodies for LangWatch's REST collector.
enum LangWatchRESTFixtures {
    /// The body of the cURL example in LangWatch's "Metadata and Labels" guide (REST API
    /// section), as the guide sends it with `-d`.
    static let documentationExample = """
        {
              "trace_id": "trace-123",
              "spans": [
                {
                  "type": "llm",
                  "span_id": "span-456",
                  "name": "chat-completion",
                  "model": "gpt-4",
                  "input": {"type": "text", "value": "Hello"},
                  "output": {"type": "text", "value": "Hi there!"},
                  "timestamps": {
                    "started_at": 1699900000000,
                    "finished_at": 1699900001000
                  }
                }
              ],
              "metadata": {
                "user_id": "user-123",
                "thread_id": "conversation-456",
                "customer_id": "customer-789",
                "labels": ["production", "premium"],
                "any_custom_field": "any value"
              }
            }
        """

    /// A two-span request with every field the reader maps.
    static let fullRequest = """
        {"trace_id": "0123456789ABCDEF0123456789ABCDEF",
         "spans": [
           {"type": "workflow", "span_id": "root", "parent_id": null, "name": "answer",
            "input": {"type": "text", "value": "What is 2+2?"}, "output": {"type": "text", "value": "4"},
            "timestamps": {"started_at": 1699900000000, "finished_at": 1699900002000}},
           {"type": "llm", "span_id": "call", "parent_id": "root", "model": "gpt-4o-mini", "vendor": "openai",
            "input": {"type": "chat_messages", "value": [{"role": "user", "content": "What is 2+2?"}]},
            "output": {"type": "chat_messages", "value": [{"role": "assistant", "content": "4"}]},
            "params": {"temperature": 0.2, "stream": true},
            "metrics": {"prompt_tokens": 11, "completion_tokens": 1, "cost": 0.00012},
            "timestamps": {"started_at": 1699900000100, "first_token_at": 1699900000500.5,
                           "finished_at": 1699900001900},
            "error": {"has_error": true, "message": "rate limited", "stacktrace": ["at call()"]}}
         ],
         "metadata": {"userId": "u-9", "labels": ["eval"], "score": 0.75, "flags": {"beta": true}, "note": null}}
        """
}
