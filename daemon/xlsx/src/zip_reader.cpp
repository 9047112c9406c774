// libzip behind ZipReader: the archive is a read-only buffer source, entries are decompressed in
// 64 KiB chunks so that no entry is ever held whole and the limits fire mid-stream.
#include "zip_reader.h"

#include <zip.h>

#include <array>
#include <cstring>
#include <utility>

namespace targetwatch::xlsx::detail {
namespace {

constexpr std::uint64_t kRatioFloor = 1ull << 20;  // the ratio limit applies above 1 MiB
constexpr std::size_t kChunk = std::size_t{64} * 1024;

struct ArchiveCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct FileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

std::string ratio_error(const std::string& name, std::uint64_t uncompressed,
                        std::uint64_t compressed, double limit) {
  return "xlsx: " + name + ": compression ratio limit exceeded (" + std::to_string(uncompressed) +
         " bytes from " + std::to_string(compressed) + " compressed, more than " +
         std::to_string(static_cast<long long>(limit)) + ":1): a zip bomb?";
}

bool ratio_exceeded(std::uint64_t uncompressed, std::uint64_t compressed, double limit) {
  if (uncompressed <= kRatioFloor) return false;
  return static_cast<double>(uncompressed) > limit * static_cast<double>(compressed);
}

}  // namespace

struct ZipReader::State {
  std::unique_ptr<zip_t, ArchiveCloser> archive;
  Limits limits;
  std::uint64_t total_read = 0;
};

ZipReader::ZipReader(std::unique_ptr<State> state) : state_(std::move(state)) {}
ZipReader::ZipReader(ZipReader&&) noexcept = default;
ZipReader& ZipReader::operator=(ZipReader&&) noexcept = default;
ZipReader::~ZipReader() = default;

Result<ZipReader> ZipReader::open(std::string_view bytes, const Limits& limits) {
  // Excel and WPS save password-protected workbooks as OLE compound documents holding the
  // encrypted package, not as zips.
  static constexpr char kOleMagic[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
  if (bytes.size() >= 8 && std::memcmp(bytes.data(), kOleMagic, 8) == 0) {
    return Error{
        "xlsx: the file is encrypted or password-protected (an OLE compound document, not a zip "
        "archive), or an old binary .xls; save it as an .xlsx without a password"};
  }
  // The smallest archive is its 22-byte end record; libzip would take an empty buffer for an
  // empty archive.
  if (bytes.size() < 22)
    return Error{"xlsx: not a zip archive (too short); an .xlsx file is a zip of XML parts"};
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    std::string text = zip_error_strerror(&error);
    zip_error_fini(&error);
    return Error{"xlsx: cannot read the archive: " + text};
  }
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (archive == nullptr) {
    zip_source_free(source);
    std::string text = zip_error_strerror(&error);
    zip_error_fini(&error);
    return Error{"xlsx: not a zip archive (" + text + "); an .xlsx file is a zip of XML parts"};
  }
  zip_error_fini(&error);
  auto state = std::make_unique<State>();
  state->archive.reset(archive);
  state->limits = limits;
  const zip_int64_t entries = zip_get_num_entries(archive, 0);
  if (entries < 0 || static_cast<std::uint64_t>(entries) > limits.max_entries) {
    return Error{"xlsx: too many entries in the archive (" + std::to_string(entries) + ", limit " +
                 std::to_string(limits.max_entries) + ")"};
  }
  return ZipReader(std::move(state));
}

bool ZipReader::contains(const std::string& name) const {
  return zip_name_locate(state_->archive.get(), name.c_str(), ZIP_FL_NOCASE) >= 0;
}

Result<Ok> ZipReader::read(const std::string& name, const Sink& sink) {
  zip_t* archive = state_->archive.get();
  const Limits& limits = state_->limits;
  const zip_int64_t index = zip_name_locate(archive, name.c_str(), ZIP_FL_NOCASE);
  if (index < 0) return Error{"xlsx: " + name + ": part missing from the archive"};
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(archive, static_cast<zip_uint64_t>(index), 0, &stat) != 0) {
    return Error{"xlsx: " + name + ": " + zip_strerror(archive)};
  }
  if ((stat.valid & ZIP_STAT_ENCRYPTION_METHOD) != 0 && stat.encryption_method != ZIP_EM_NONE) {
    return Error{"xlsx: " + name + ": the entry is encrypted (password-protected archive)"};
  }
  const std::uint64_t compressed = (stat.valid & ZIP_STAT_COMP_SIZE) != 0 ? stat.comp_size : 0;
  if ((stat.valid & ZIP_STAT_SIZE) != 0) {
    if (ratio_exceeded(stat.size, compressed, limits.max_compression_ratio)) {
      return Error{ratio_error(name, stat.size, compressed, limits.max_compression_ratio)};
    }
    if (stat.size > limits.max_entry_uncompressed) {
      return Error{"xlsx: " + name + ": entry too large (" + std::to_string(stat.size) +
                   " bytes uncompressed, limit " + std::to_string(limits.max_entry_uncompressed) +
                   ")"};
    }
  }
  std::unique_ptr<zip_file_t, FileCloser> file(
      zip_fopen_index(archive, static_cast<zip_uint64_t>(index), 0));
  if (!file) return Error{"xlsx: " + name + ": cannot open the entry: " + zip_strerror(archive)};
  std::array<char, kChunk> buffer;
  std::uint64_t produced = 0;
  for (;;) {
    const zip_int64_t n = zip_fread(file.get(), buffer.data(), buffer.size());
    if (n < 0) {
      return Error{"xlsx: " + name + ": corrupt entry: " + zip_file_strerror(file.get())};
    }
    if (n == 0) break;
    const auto count = static_cast<std::uint64_t>(n);
    produced += count;
    state_->total_read += count;
    if (ratio_exceeded(produced, compressed, limits.max_compression_ratio)) {
      return Error{ratio_error(name, produced, compressed, limits.max_compression_ratio)};
    }
    if (produced > limits.max_entry_uncompressed) {
      return Error{"xlsx: " + name + ": entry too large (more than " +
                   std::to_string(limits.max_entry_uncompressed) + " bytes uncompressed)"};
    }
    if (state_->total_read > limits.max_total_uncompressed) {
      return Error{"xlsx: total uncompressed size limit exceeded at " + name + " (more than " +
                   std::to_string(limits.max_total_uncompressed) + " bytes over all parts read)"};
    }
    if (auto sent = sink(std::string_view(buffer.data(), count)); !sent) return sent;
  }
  return Ok{};
}

}  // namespace targetwatch::xlsx::detail
