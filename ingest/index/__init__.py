"""The dense index: embedder (`embedder.build_embedder`) and Chroma store (`chroma_store.ChunkStore`).

Submodules are imported explicitly by callers so that importing this package stays cheap
(sentence-transformers and torch load only when vectors are needed).
"""
