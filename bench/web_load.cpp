// Load test of `klappt web` on loopback (bounded, stops by itself): CLIENTS concurrent
// clients send REQUESTS `POST /api/check` with the io.md example case; every answer must be
// 200 and equal to the first one.  Prints throughput, latency percentiles and the server's
// resident memory after warm-up, at half-time and at the end (flat = no growth per request).
//
//   ./build/bench/klappt_web_load [--klappt build/klappt] [--clients 200] [--requests 50000] [--seconds 300]
//                                 [--threads 200]   (the desk's --threads: requests served at once)
//                                 [--rate 2000]     (requests per second in all; default: as fast as answered)
//
// Two kinds of load.  Without --rate every client sends its next request as soon as the
// answer is in (closed loop): that measures the most the desk can answer, and by Little's
// law the mean latency is then clients / throughput — 200 clients cannot see 10 ms unless
// 20 000 answers a second are possible.  With --rate the clients send on a fixed schedule,
// as people at their desks do (open loop), and a latency counts from the moment the request
// was due, so a desk that falls behind is not flattered (no "coordinated omission").
//
// Not part of ctest's time budget; the figures are in the README (section KI-Desk im Browser).
#include <httplib.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

long rss_kib(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

}  // namespace

int main(int argc, char** argv) {
    std::string klappt = "build/klappt", case_file = std::string(KLAPPT_SOURCE_DIR) + "/examples/io_beispiel.yaml";
    int clients = 200, threads = 200;
    long requests = 50000, seconds = 300, rate = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string a = argv[i];
        if (a == "--klappt") klappt = argv[i + 1];
        else if (a == "--clients") clients = std::stoi(argv[i + 1]);
        else if (a == "--requests") requests = std::stol(argv[i + 1]);
        else if (a == "--seconds") seconds = std::stol(argv[i + 1]);
        else if (a == "--case") case_file = argv[i + 1];
        else if (a == "--threads") threads = std::stoi(argv[i + 1]);
        else if (a == "--rate") rate = std::stol(argv[i + 1]);
    }
    std::string body = read_file(case_file);
    char data_dir[] = "/tmp/klappt-load-XXXXXX";
    if (!mkdtemp(data_dir)) return 3;

    // Start the desk with a free port and read the port from its first line.
    int out[2];
    if (pipe(out) != 0) return 3;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    std::vector<std::string> args = {klappt, "web", "--port", "0", "--daten", data_dir, "--threads", std::to_string(threads)};
    std::vector<char*> argv_server;
    for (auto& a : args) argv_server.push_back(a.data());
    argv_server.push_back(nullptr);
    pid_t server = 0;
    if (posix_spawn(&server, klappt.c_str(), &actions, nullptr, argv_server.data(), environ) != 0) {
        std::cerr << "klappt web lässt sich nicht starten: " << klappt << "\n";
        return 3;
    }
    close(out[1]);
    std::string first;
    char c;
    while (read(out[0], &c, 1) == 1 && c != '\n') first += c;
    auto colon = first.rfind(':');
    if (colon == std::string::npos) {
        std::cerr << "keine Adresse in der Ausgabe: " << first << "\n";
        kill(server, SIGKILL);
        return 3;
    }
    int port = std::stoi(first.substr(colon + 1));

    std::atomic<long> next{0}, errors{0};
    std::string expected;
    {
        httplib::Client warm("127.0.0.1", port);
        warm.set_tcp_nodelay(true);
        auto r = warm.Post("/api/check", body, "application/yaml");
        if (!r || r->status != 200) {
            std::cerr << "erste Anfrage gescheitert\n";
            kill(server, SIGKILL);
            return 3;
        }
        expected = r->body;
        for (int i = 0; i < 1000; ++i) warm.Post("/api/check", body, "application/yaml");
    }
    long rss_start = rss_kib(server), rss_half = -1;
    std::mutex merge;
    std::vector<double> latencies;
    latencies.reserve(static_cast<std::size_t>(requests));
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    auto started = std::chrono::steady_clock::now();
    std::vector<std::thread> workers;
    // Open loop: client t sends its k-th request at origin + (k·clients + t) / rate, where
    // origin leaves the clients a second to connect.
    auto origin = started + std::chrono::seconds(1);
    auto due = [&](long k, int t) {
        return origin + std::chrono::nanoseconds((k * clients + t) * 1'000'000'000LL / std::max(rate, 1L));
    };
    for (int t = 0; t < clients; ++t) {
        // Start one after the other (without --rate each connects at once).
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        workers.emplace_back([&, t] {
            httplib::Client client("127.0.0.1", port);
            client.set_keep_alive(true);  // each client keeps its connection, as a browser does
            client.set_tcp_nodelay(true);
            client.set_read_timeout(30, 0);
            std::vector<double> mine;
            for (long k = 0;; ++k) {
                long i = next++;
                if (i >= requests || std::chrono::steady_clock::now() > deadline) break;
                if (i == requests / 2) rss_half = rss_kib(server);
                auto t0 = std::chrono::steady_clock::now();
                if (rate > 0) {
                    t0 = due(k, t);
                    std::this_thread::sleep_until(t0);
                }
                auto r = client.Post("/api/check", body, "application/yaml");
                auto t1 = std::chrono::steady_clock::now();
                if (!r || r->status != 200 || r->body != expected) {
                    if (errors++ < 5) {
                        std::lock_guard lock(merge);
                        std::cerr << "Fehler bei Anfrage " << i << ": "
                                  << (!r ? "keine Antwort (" + httplib::to_string(r.error()) + ")"
                                         : "Status " + std::to_string(r->status) + (r->status == 200 ? ", andere Antwort" : ""))
                                  << "\n";
                    }
                }
                mine.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());  // allow-floating-point: timing
            }
            std::lock_guard lock(merge);
            latencies.insert(latencies.end(), mine.begin(), mine.end());
        });
    }
    for (auto& t : workers) t.join();
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - (rate > 0 ? origin : started)).count();
    long rss_end = rss_kib(server);
    kill(server, SIGTERM);
    int status = 0;
    waitpid(server, &status, 0);
    std::sort(latencies.begin(), latencies.end());
    auto pct = [&](double p) { return latencies.empty() ? 0.0 : latencies[static_cast<std::size_t>(p * (latencies.size() - 1))]; };
    std::printf("klappt web: %d Clients%s, %zu POST /api/check in %.1f s, Fehler: %ld\n", clients,
                rate > 0 ? (", " + std::to_string(rate) + " Anfragen/s geplant").c_str() : " ohne Pause", latencies.size(), wall,
                errors.load());
    std::printf("Durchsatz: %.0f Anfragen/s\n", latencies.size() / wall);
    std::printf("Latenz: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n", pct(0.5), pct(0.9), pct(0.99),
                latencies.empty() ? 0.0 : latencies.back());
    std::printf("Speicher des Servers (RSS): nach dem Aufwärmen %ld KiB, zur Hälfte %ld KiB, am Ende %ld KiB\n", rss_start,
                rss_half, rss_end);
    std::string cleanup = std::string("rm -rf ") + data_dir;
    if (std::system(cleanup.c_str()) != 0) std::cerr << "Datenordner " << data_dir << " bleibt liegen\n";
    return errors.load() == 0 && static_cast<long>(latencies.size()) == requests ? 0 : 1;
}
