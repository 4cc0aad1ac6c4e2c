#include "client/app/ui_damage.h"

#include <algorithm>
#include <cstring>

namespace limn::app {

namespace {

// More separate rectangles than this are drawn as their bounding box: each
// costs a pass over every draw command.
constexpr std::size_t kMaxRects = 8;
// Past this share of the canvas one full pass is cheaper than rectangles.
constexpr double kFullShare = 0.9;
// See worthMerging.
constexpr double kMergeSlack = 1.1;

PixelRect unite(const PixelRect& a, const PixelRect& b) {
  if (a.area() <= 0) return b;
  if (b.area() <= 0) return a;
  return {std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1), std::max(a.y1, b.y1)};
}

long long overlap(const PixelRect& a, const PixelRect& b) {
  const int w = std::min(a.x1, b.x1) - std::max(a.x0, b.x0), h = std::min(a.y1, b.y1) - std::max(a.y0, b.y0);
  return w > 0 && h > 0 ? static_cast<long long>(w) * h : 0;
}

// Two rectangles are drawn as one when that adds little: their bounding
// box is hardly larger than what they cover. A viewer and the status bar
// under it touch, but their box would take in the whole panel beside them.
bool worthMerging(const PixelRect& a, const PixelRect& b) {
  const long long covered = a.area() + b.area() - overlap(a, b);
  return static_cast<double>(unite(a, b).area()) <= kMergeSlack * static_cast<double>(covered);
}

// Merges rectangles while that adds little, then caps their number.
// Rectangles left overlapping are still right: each pass clears and draws
// its own, so the overlap is drawn twice the same way.
std::vector<PixelRect> merged(std::vector<PixelRect> rects) {
  rects.erase(std::remove_if(rects.begin(), rects.end(), [](const PixelRect& r) { return r.area() <= 0; }),
              rects.end());
  for (bool again = true; again;) {
    again = false;
    for (std::size_t i = 0; i < rects.size() && !again; ++i)
      for (std::size_t j = i + 1; j < rects.size() && !again; ++j)
        if (worthMerging(rects[i], rects[j])) {
          rects[i] = unite(rects[i], rects[j]);
          rects.erase(rects.begin() + static_cast<std::ptrdiff_t>(j));
          again = true;
        }
  }
  if (rects.size() > kMaxRects) {
    PixelRect all;
    for (const PixelRect& r : rects) all = unite(all, r);
    rects = {all};
  }
  return rects;
}

bool sameTriangle(const ImDrawVert* a, const ImDrawVert* b) { return std::memcmp(a, b, 3 * sizeof(ImDrawVert)) == 0; }

// A callback that sets GL state and draws nothing.
bool stateOnly(ImDrawCallback callback) { return callback == ImDrawCallback_ResetRenderState; }

}  // namespace

UiDamage::Command UiDamage::commandOf(const ImDrawList& list, const ImDrawCmd& c) const {
  Command out{c.ClipRect, c.TextureId, c.UserCallback, c.UserCallbackData, {}, {}};
  if (c.UserCallback) {
    if (!stateOnly(c.UserCallback)) out.bounds = m_space.cover(c.ClipRect.x, c.ClipRect.y, c.ClipRect.z, c.ClipRect.w);
    return out;
  }
  out.triangles.reserve(c.ElemCount);
  for (unsigned k = 0; k < c.ElemCount; ++k)
    out.triangles.push_back(list.VtxBuffer[static_cast<int>(c.VtxOffset + list.IdxBuffer[static_cast<int>(c.IdxOffset + k)])]);
  out.bounds = m_space.coverVertices(out.triangles.data(), out.triangles.size(), c.ClipRect);
  return out;
}

void UiDamage::compare(const List& last, const List& now, ImTextureID fontAtlas, std::vector<PixelRect>& damage) const {
  const auto wholeList = [&] {
    damage.push_back(last.bounds);
    damage.push_back(now.bounds);
  };
  if (last.commands.size() != now.commands.size()) return wholeList();
  for (std::size_t i = 0; i < now.commands.size(); ++i) {
    const Command& a = last.commands[i];
    const Command& b = now.commands[i];
    const bool sameKind = std::memcmp(&a.clip, &b.clip, sizeof a.clip) == 0 && a.texture == b.texture &&
                          a.callback == b.callback && a.callbackData == b.callbackData;
    if (!sameKind) {
      // A state change that moved can change how everything after it draws.
      if ((a.callback && stateOnly(a.callback)) || (b.callback && stateOnly(b.callback))) return wholeList();
      damage.push_back(a.bounds);
      damage.push_back(b.bounds);
      continue;
    }
    if (b.callback) {
      if (!stateOnly(b.callback)) damage.push_back(b.bounds);  // draws what it likes inside its clip
      continue;
    }
    if (b.texture != fontAtlas) {  // the texture may differ behind the same commands
      damage.push_back(a.bounds);
      damage.push_back(b.bounds);
      continue;
    }
    // The triangles between the equal ones at the start and at the end.
    const std::size_t na = a.triangles.size() / 3, nb = b.triangles.size() / 3;
    std::size_t head = 0, tail = 0;
    while (head < std::min(na, nb) && sameTriangle(&a.triangles[3 * head], &b.triangles[3 * head])) ++head;
    while (tail < std::min(na, nb) - head &&
           sameTriangle(&a.triangles[3 * (na - 1 - tail)], &b.triangles[3 * (nb - 1 - tail)]))
      ++tail;
    damage.push_back(m_space.coverVertices(a.triangles.data() + 3 * head, 3 * (na - tail - head), a.clip));
    damage.push_back(m_space.coverVertices(b.triangles.data() + 3 * head, 3 * (nb - tail - head), b.clip));
  }
}

RedrawPlan UiDamage::plan(const ImDrawData& data, ImTextureID fontAtlas) {
  const FramebufferSpace space = FramebufferSpace::of(data);
  bool full = !m_valid || space != m_space || static_cast<std::size_t>(data.CmdListsCount) != m_last.size();
  m_space = space;
  std::vector<PixelRect> damage;
  std::vector<List> now(static_cast<std::size_t>(std::max(data.CmdListsCount, 0)));
  for (int i = 0; i < data.CmdListsCount; ++i) {
    const ImDrawList& list = *data.CmdLists[i];
    List& copy = now[static_cast<std::size_t>(i)];
    copy.owner = list._OwnerName;
    for (const ImDrawCmd& c : list.CmdBuffer) {
      copy.commands.push_back(commandOf(list, c));
      copy.bounds = unite(copy.bounds, copy.commands.back().bounds);
    }
    if (full) continue;
    const List& last = m_last[static_cast<std::size_t>(i)];
    const bool sameOwner = (copy.owner == last.owner) ||
                           (copy.owner && last.owner && std::strcmp(copy.owner, last.owner) == 0);
    if (!sameOwner) {
      full = true;  // windows reordered, opened or closed
      continue;
    }
    compare(last, copy, fontAtlas, damage);
  }
  m_last = std::move(now);
  m_valid = true;

  RedrawPlan plan;
  if (full) return plan;
  plan.rects = merged(std::move(damage));
  long long area = 0;
  for (const PixelRect& r : plan.rects) area += r.area();
  plan.full = static_cast<double>(area) >= kFullShare * m_space.width * m_space.height;
  if (plan.full) plan.rects.clear();
  return plan;
}

ClipDrawDataTo::ClipDrawDataTo(ImDrawData& data, const PixelRect& rect) : m_data(data) {
  // Each command keeps exactly the pixels of its backend scissor that fall
  // inside `rect`, written back as a clip rectangle the backend turns into
  // exactly those pixels (the small offsets survive the float round trip).
  const FramebufferSpace space = FramebufferSpace::of(data);
  const GlRect r = space.toGl(rect);
  for (int i = 0; i < data.CmdListsCount; ++i)
    for (ImDrawCmd& c : data.CmdLists[i]->CmdBuffer) {
      m_saved.push_back(c.ClipRect);
      const GlRect g = space.scissorOf(c.ClipRect);
      const int x0 = std::max(g.x, r.x), x1 = std::min(g.x + g.width, r.x + r.width);
      const int y0 = std::max(g.y, r.y), y1 = std::min(g.y + g.height, r.y + r.height);
      if (x1 <= x0 || y1 <= y0 || g.width <= 0 || g.height <= 0) {
        c.ClipRect = ImVec4(space.origin.x, space.origin.y, space.origin.x, space.origin.y);  // nothing
        continue;
      }
      // The backend's first row is (int)(height - maxY): maxY = height - y0 -
      // 0.99 gives y0; its height (int)(maxY - minY) is y1 - y0 with minY 0.01 below.
      const float clipMaxY = static_cast<float>(space.height - y0) - 0.99f;
      c.ClipRect = ImVec4(space.origin.x + (static_cast<float>(x0) + 0.01f) / space.scale.x,
                          space.origin.y + (clipMaxY - static_cast<float>(y1 - y0) - 0.01f) / space.scale.y,
                          space.origin.x + (static_cast<float>(x1) + 0.02f) / space.scale.x,
                          space.origin.y + clipMaxY / space.scale.y);
    }
}

ClipDrawDataTo::~ClipDrawDataTo() {
  std::size_t k = 0;
  for (int i = 0; i < m_data.CmdListsCount; ++i)
    for (ImDrawCmd& c : m_data.CmdLists[i]->CmdBuffer) c.ClipRect = m_saved[k++];
}

}  // namespace limn::app
