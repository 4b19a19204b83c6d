// `klappt lsp`: the language server (authoring/language_server.hpp) over stdin/stdout
// with the LSP base protocol's framing (`Content-Length: N` header, empty line, N bytes
// of JSON).  Logs nothing: case data never leaves the process.
#include <iostream>
#include <string>

#include "authoring/language_server.hpp"
#include "cli/lsp_command.hpp"

namespace klappt::cli {

namespace {

constexpr std::size_t kMaxMessage = 64u << 20;  // a message larger than this ends the session

bool read_message(std::istream& in, std::string& body) {
    std::size_t length = 0;
    std::string line;
    bool any = false;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) {
            if (any) break;
            continue;
        }
        any = true;
        if (line.rfind("Content-Length:", 0) == 0) length = std::stoul(line.substr(15));
    }
    if (!any || length == 0 || length > kMaxMessage) return false;
    body.resize(length);
    in.read(body.data(), static_cast<std::streamsize>(length));
    return static_cast<std::size_t>(in.gcount()) == length;
}

void write_message(const nlohmann::json& message) {
    std::string body = message.dump();
    std::cout << "Content-Length: " << body.size() << "\r\n\r\n" << body;
    std::cout.flush();
}

int run_lsp() {
    std::ios::sync_with_stdio(false);
    authoring::LanguageServer server;
    std::string body;
    while (!server.exited() && read_message(std::cin, body)) {
        nlohmann::json message = nlohmann::json::parse(body, nullptr, false);
        if (message.is_discarded()) {
            write_message({{"jsonrpc", "2.0"}, {"id", nullptr}, {"error", {{"code", -32700}, {"message", "kein gültiges JSON"}}}});
            continue;
        }
        for (const auto& reply : server.handle(message)) write_message(reply);
    }
    return kOk;
}

}  // namespace

Command add_lsp_command(CLI::App& app) {
    CLI::App* cmd = add_command(app, "lsp", "Sprachserver (Language Server Protocol) über stdin/stdout für Editoren");
    return {cmd, []() { return run_lsp(); }};
}

}  // namespace klappt::cli
